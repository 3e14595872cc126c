# SPDX-License-Identifier: EUPL-1.2
"""Municipality logos: PNG, JPEG or WebP only, judged by content, and always re-encoded.

Re-encoding through Pillow keeps only pixels: whatever else an upload carried (HTML, a
script, metadata such as GPS positions) is gone before the file is stored.
"""

from __future__ import annotations

import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_LOGO_BYTES = 1024 * 1024
MAX_LOGO_PIXELS = 2000
# Pillow's format name -> the extension and content type the stored file gets.
LOGO_FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
}
CONTENT_TYPES = {extension: content_type for extension, content_type in LOGO_FORMATS.values()}
CONTENT_TYPES["jpeg"] = "image/jpeg"


def _invalid() -> ValidationError:
    return ValidationError(
        _("Upload the logo as a PNG, JPEG or WebP image of at most 1 MB and 2000 × 2000 pixels."),
        code="invalid_logo",
    )


def reencode_logo(upload: UploadedFile[bytes]) -> ContentFile[bytes]:
    """The upload as a freshly encoded image of the same format; ValidationError otherwise."""
    if upload.size is None or upload.size > MAX_LOGO_BYTES:
        raise _invalid()
    upload.seek(0)
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as opened:
            image_format = opened.format or ""
            if image_format not in LOGO_FORMATS:
                raise _invalid()
            if max(opened.size) > MAX_LOGO_PIXELS:
                raise _invalid()
            opened.load()
            image: Image.Image = opened
            if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, format=image_format)
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ):
        raise _invalid() from None
    extension, _content_type = LOGO_FORMATS[image_format]
    stem = PurePath(upload.name or "logo").stem[:40] or "logo"
    return ContentFile(out.getvalue(), name=f"{stem}.{extension}")


def validate_logo(value: object) -> None:
    """Model-level check, for every path that saves a logo: the extension must be an image's."""
    name = str(getattr(value, "name", "") or "")
    if name and PurePath(name).suffix.lower().lstrip(".") not in CONTENT_TYPES:
        raise _invalid()
