# SPDX-License-Identifier: EUPL-1.2
"""Two towns, each with its admin signed in with password and second factor."""

import json
from pathlib import Path

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from balie.backoffice.concepts import read_concept_document
from balie.catalog.services import save_ipdc_concepts
from balie.desk.tests.conftest import Town, build_town

CONCEPTS = (
    Path(__file__).resolve().parents[2]
    / "integrations"
    / "oslo"
    / "tests"
    / "data"
    / "ipdc-concepts.jsonld"
)


def signed_in(client: Client, town: Town) -> Client:
    """The admin after password and authenticator code, as django-otp records it."""
    device = TOTPDevice.objects.create(user=town.admin, name="phone", confirmed=True)
    client.force_login(town.admin)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def town(db) -> Town:
    return build_town("asdorp")


@pytest.fixture
def other_town(db) -> Town:
    return build_town("bedorp")


@pytest.fixture
def admin_client(client: Client, town: Town) -> Client:
    return signed_in(client, town)


def load_concepts() -> None:
    records, refused = read_concept_document(
        document=json.loads(CONCEPTS.read_text(encoding="utf-8"))
    )
    assert not refused
    save_ipdc_concepts(records=records)


@pytest.fixture
def concepts(db) -> None:
    load_concepts()
