# SPDX-License-Identifier: EUPL-1.2
"""Text messages through a gateway: numbers in E.164, length counted as the network counts.

Three gateways share one interface: the console (``make run``), an outbox that tests read,
and an HTTP adapter for a real provider. A gateway raises ``SmsTemporaryError`` when trying
again later may work (timeout, 5xx, 429) and ``SmsPermanentError`` when it cannot (a 4xx:
a bad number, a refused sender id), so the caller retries only what is worth retrying.
"""

import base64
import hashlib
import hmac
import logging
import sys
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

import phonenumbers
import requests
from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# GSM 03.38 basic character set, and the extension table whose characters take two septets.
_GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = set("^{}\\[~]|€\f")


@dataclass(frozen=True, kw_only=True)
class SmsLength:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int


def measure_text(text: str) -> SmsLength:
    """How many segments a text costs: 160/153 septets in GSM-7, 70/67 units in UCS-2."""
    if all(char in _GSM7_BASIC or char in _GSM7_EXTENSION for char in text):
        units = sum(2 if char in _GSM7_EXTENSION else 1 for char in text)
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    segments = 1 if units <= single else -(-units // multi)
    return SmsLength(encoding=encoding, units=units, segments=segments)


class InvalidMobileNumber(ValueError):
    pass


def normalise_mobile_number(raw: str, *, region: str = "BE") -> str:
    """E.164 for a mobile number (Belgian by default); anything else is refused."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as error:
        raise InvalidMobileNumber(raw) from error
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise InvalidMobileNumber(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@dataclass(frozen=True, kw_only=True)
class SmsReceipt:
    provider_id: str
    cost: Decimal


class SmsTemporaryError(Exception):
    """Worth trying again later."""


class SmsPermanentError(Exception):
    """The gateway refused the message; trying again changes nothing."""


class SmsGateway(Protocol):
    def send(self, *, message_id: str, to: str, text: str, sender_id: str) -> SmsReceipt: ...


def _estimated_cost(text: str) -> Decimal:
    return Decimal(settings.SMS_COST_PER_SEGMENT) * measure_text(text).segments


class ConsoleSmsGateway:
    """`make run`: the text is printed where the e-mails are printed."""

    def send(self, *, message_id: str, to: str, text: str, sender_id: str) -> SmsReceipt:
        sys.stdout.write(f"--- SMS {message_id} from {sender_id} to {to} ---\n{text}\n---\n")
        sys.stdout.flush()
        return SmsReceipt(provider_id=f"console-{message_id}", cost=Decimal(0))


@dataclass(frozen=True, kw_only=True)
class OutboxMessage:
    message_id: str
    to: str
    text: str
    sender_id: str


# Tests read what was "sent" here, as Django's locmem e-mail backend fills mail.outbox.
outbox: list[OutboxMessage] = []


class OutboxSmsGateway:
    def send(self, *, message_id: str, to: str, text: str, sender_id: str) -> SmsReceipt:
        outbox.append(OutboxMessage(message_id=message_id, to=to, text=text, sender_id=sender_id))
        return SmsReceipt(provider_id=f"outbox-{len(outbox)}", cost=_estimated_cost(text))


class HttpSmsGateway:
    """A provider's JSON API: POST {to, from, text, reference, callback_url}.

    ``reference`` is Balie's message id, which providers use to drop a repeated submission,
    so a worker that died after the provider accepted but before Balie recorded it does not
    make the citizen's phone ring twice.
    """

    def send(self, *, message_id: str, to: str, text: str, sender_id: str) -> SmsReceipt:
        try:
            response = requests.post(
                settings.SMS_GATEWAY_URL,
                json={
                    "to": to,
                    "from": sender_id,
                    "text": text,
                    "reference": message_id,
                    "callback_url": settings.SMS_DELIVERY_REPORT_URL or None,
                },
                auth=(settings.SMS_GATEWAY_USERNAME, settings.SMS_GATEWAY_PASSWORD),
                timeout=(3, settings.SMS_GATEWAY_TIMEOUT),
            )
        except requests.RequestException as error:
            raise SmsTemporaryError(type(error).__name__) from error
        if response.status_code == 429 or response.status_code >= 500:
            raise SmsTemporaryError(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise SmsPermanentError(f"HTTP {response.status_code}: {response.text[:200]}")
        try:
            body = response.json()
        except ValueError:
            body = {}
        cost = body.get("cost")
        return SmsReceipt(
            provider_id=str(body.get("id") or message_id),
            cost=Decimal(str(cost)) if cost is not None else _estimated_cost(text),
        )


def get_gateway() -> SmsGateway:
    gateway: SmsGateway = import_string(settings.SMS_BACKEND)()
    return gateway


def sign_delivery_report(body: bytes) -> str:
    """HMAC-SHA256 of the report body with the shared secret, base64: the callback's check."""
    key = settings.SMS_DELIVERY_REPORT_SECRET.encode()
    return base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()


def delivery_report_is_authentic(*, body: bytes, signature: str) -> bool:
    if not settings.SMS_DELIVERY_REPORT_SECRET:
        return False
    return hmac.compare_digest(sign_delivery_report(body), signature)
