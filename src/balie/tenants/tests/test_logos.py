# SPDX-License-Identifier: EUPL-1.2
"""Logo uploads: only real images are stored, re-encoded, and served as images."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.test import Client
from django_scopes import scopes_disabled
from PIL import Image

from balie.tenants.admin import MunicipalityForm
from balie.tenants.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

HTML = b"<html><script>alert(document.cookie)</script></html>"


def _image(image_format: str, size: tuple[int, int] = (40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#0b5394").save(out, format=image_format)
    return out.getvalue()


def _upload(municipality, name: str, content: bytes, content_type: str = "image/png"):
    data = {key: value for key, value in model_to_dict(municipality).items() if value is not None}
    data.pop("logo", None)
    logo = SimpleUploadedFile(name, content, content_type=content_type)
    return MunicipalityForm(data=data, files={"logo": logo}, instance=municipality)


@pytest.fixture
def municipality(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    with scopes_disabled():
        return MunicipalityFactory()


def test_an_html_file_posing_as_a_logo_is_refused(municipality):
    form = _upload(municipality, "logo.png", HTML)

    assert not form.is_valid()
    assert "PNG, JPEG or WebP" in str(form.errors["logo"])


@pytest.mark.parametrize("image_format", ["GIF", "BMP"])
def test_other_image_formats_are_refused(municipality, image_format):
    assert not _upload(municipality, "logo.png", _image(image_format)).is_valid()


def test_a_too_large_logo_is_refused(municipality):
    assert not _upload(municipality, "logo.png", _image("PNG", (2400, 100))).is_valid()


@pytest.mark.parametrize(
    ("image_format", "extension"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")]
)
def test_a_real_image_is_stored_re_encoded_without_what_was_appended(
    municipality, image_format, extension
):
    # Given a valid image with HTML appended, named as if it were a page
    form = _upload(municipality, "logo.html", _image(image_format) + HTML)
    # When the admin saves it
    assert form.is_valid(), form.errors
    with scopes_disabled():
        saved = form.save()
    # Then only the re-encoded image is stored, under the extension of its real format
    assert saved.logo.name.endswith(f".{extension}")
    stored = saved.logo.read()
    assert HTML not in stored
    assert Image.open(io.BytesIO(stored)).format == image_format


def test_media_is_served_as_an_image_with_nosniff_and_never_as_html(municipality, tmp_path):
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "evil.html").write_bytes(HTML)
    (tmp_path / "logos" / "town.png").write_bytes(_image("PNG"))
    client = Client()

    page = client.get("/media/logos/evil.html")
    logo = client.get("/media/logos/town.png")

    assert page.status_code == 404
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"
    assert logo["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in logo["Content-Security-Policy"]
    assert client.get("/media/../conf/base.py").status_code == 404
