# SPDX-License-Identifier: EUPL-1.2
"""SMS length as networks count it, E.164 numbers, and the HTTP gateway's answers."""

import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from balie.notifications import sms


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        # The euro sign is in GSM-7's extension table: two septets.
        ("€" * 80, "GSM-7", 160, 1),
        ("€" * 81, "GSM-7", 162, 2),
        # Accents GSM-7 lacks (ê, ç lower case) switch the whole text to UCS-2.
        ("Crêpe" + "a" * 65, "UCS-2", 70, 1),
        ("Crêpe" + "a" * 66, "UCS-2", 71, 2),
        # An emoji is two UTF-16 code units.
        ("🙂" * 35, "UCS-2", 70, 1),
    ],
)
def test_texts_are_measured_as_the_network_bills_them(text, encoding, units, segments):
    assert sms.measure_text(text) == sms.SmsLength(
        encoding=encoding, units=units, segments=segments
    )


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0470 12 34 56", "+32470123456"),
        ("+32 470/12.34.56", "+32470123456"),
        ("0031 6 12345678", "+31612345678"),
    ],
)
def test_mobile_numbers_are_normalised_to_e164(raw, e164):
    assert sms.normalise_mobile_number(raw) == e164


@pytest.mark.parametrize("raw", ["02 123 45 67", "12", "not a number", "+32 470"])
def test_landlines_and_nonsense_are_not_texted(raw):
    with pytest.raises(sms.InvalidMobileNumber):
        sms.normalise_mobile_number(raw)


class _Gateway:
    def __init__(self, answers):
        self.answers = list(answers)
        self.requests = []

    def __enter__(self):
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.requests.append((dict(self.headers), json.loads(body)))
                status, payload = gateway.answers.pop(0)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_the_http_gateway_sends_our_reference_and_logs_the_cost(settings):
    with _Gateway([(200, {"id": "prov-1", "cost": "0.0650"})]) as gateway:
        settings.SMS_GATEWAY_URL = gateway.url
        settings.SMS_GATEWAY_USERNAME, settings.SMS_GATEWAY_PASSWORD = "balie", "p%+w"

        receipt = sms.HttpSmsGateway().send(
            message_id="balie-7", to="+32470123456", text="Hallo", sender_id="Demerdonk"
        )

        headers, body = gateway.requests[0]
        assert body["reference"] == "balie-7" and body["from"] == "Demerdonk"
        assert headers["Authorization"].startswith("Basic ")
        assert receipt == sms.SmsReceipt(provider_id="prov-1", cost=Decimal("0.0650"))


@pytest.mark.parametrize("status", [429, 500, 503])
def test_overload_and_server_errors_are_temporary(settings, status):
    with _Gateway([(status, {})]) as gateway:
        settings.SMS_GATEWAY_URL = gateway.url
        with pytest.raises(sms.SmsTemporaryError):
            sms.HttpSmsGateway().send(message_id="m", to="+32470123456", text="x", sender_id="B")


def test_a_refused_number_is_permanent(settings):
    with _Gateway([(400, {"error": "invalid destination"})]) as gateway:
        settings.SMS_GATEWAY_URL = gateway.url
        with pytest.raises(sms.SmsPermanentError, match="invalid destination"):
            sms.HttpSmsGateway().send(message_id="m", to="+32470123456", text="x", sender_id="B")


def test_a_gateway_that_does_not_answer_is_temporary(settings):
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    settings.SMS_GATEWAY_TIMEOUT = 1
    try:
        with pytest.raises(sms.SmsTemporaryError, match="Timeout"):
            sms.HttpSmsGateway().send(message_id="m", to="+32470123456", text="x", sender_id="B")
    finally:
        listener.close()
