# SPDX-License-Identifier: EUPL-1.2
"""Uploaded files (logos) served as images only: never HTML, never sniffed.

Balie serves MEDIA_URL itself, so the embedded default needs no web server in front. A
proxy that serves MEDIA_ROOT directly must send the same headers (README, Security).
"""

from pathlib import Path, PurePosixPath

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from balie.tenants.logos import CONTENT_TYPES


@require_GET
def serve_media(request: HttpRequest, path: str) -> FileResponse:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts:
        raise Http404
    content_type = CONTENT_TYPES.get(relative.suffix.lower().lstrip("."))
    if content_type is None:
        # Whatever an older upload may be, it is not served: only image types are.
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    file_path = (root / relative).resolve()
    if root not in file_path.parents or not file_path.is_file():
        raise Http404
    response = FileResponse(file_path.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    # Even opened on its own, an image cannot run script or reach anything.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response
