# SPDX-License-Identifier: EUPL-1.2
"""The demo feed read by the reference LDES consumer (npm ``ldes-client``), over HTTP.

The client follows the pages' relations and fetches the official contexts from Balie, as
LPDC's own reader would. Needs Node and ``npm ci --prefix`` this folder (``.ci/run`` does).
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django_scopes import scopes_disabled

from balie.demo.loader import CATALOG_STEPS, load_demo_data
from balie.integrations.oslo import views
from balie.integrations.oslo.models import ProductSnapshot

CLIENT = Path(__file__).resolve().parent / "ldes_client"

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (CLIENT / "node_modules" / "ldes-client").is_dir(),
    reason="needs Node and `npm ci --prefix src/balie/integrations/oslo/tests/ldes_client`",
)


@pytest.mark.django_db(transaction=True)
def test_the_reference_client_reads_every_member_of_the_demo_feed(
    live_server, monkeypatch
) -> None:
    # Given the demo feed (snapshots are written as each load commits), in pages of ten
    load_demo_data(CATALOG_STEPS)
    monkeypatch.setattr(views, "LDES_PAGE_SIZE", 10)
    with scopes_disabled():
        published = ProductSnapshot.objects.filter(municipality__slug="demerdonk").count()
    # When the ldes-client replicates it from its first page
    result = subprocess.run(
        ["node", "count_members.mjs", f"{live_server.url}/demerdonk/ldes/products/?pageNumber=0"],
        cwd=CLIENT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    # Then it found every member, each an instance snapshot as LPDC requires
    assert published > 10
    assert seen == {
        "members": published,
        "types": [
            "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#InstancePublicServiceSnapshot"
        ],
    }
