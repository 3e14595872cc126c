# SPDX-License-Identifier: EUPL-1.2
"""Every user-facing string is translated into Dutch, French and German, and compiled."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[2]
LOCALE_DIR = PACKAGE_DIR / "locale"
LANGUAGES = ("nl", "fr", "de")
PROJECT_DIR = PACKAGE_DIR.parents[1]


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def entry_key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_no_untranslated_or_fuzzy_entries(language):
    po = catalog(language)

    missing = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]

    assert not missing, f"{language}: untranslated: {missing[:10]}"
    assert not fuzzy, f"{language}: fuzzy: {fuzzy[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_the_translations(language):
    po = catalog(language)
    mo_path = LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    stale = [
        entry.msgid
        for entry in po.translated_entries()
        if not entry.msgid_plural
        and (
            compiled.pgettext(entry.msgctxt, entry.msgid)
            if entry.msgctxt
            else compiled.gettext(entry.msgid)
        )
        != entry.msgstr
    ]

    assert not stale, f"{language}: django.mo is out of date (make messages): {stale[:5]}"


@pytest.mark.skipif(
    not shutil.which("xgettext"), reason="needs GNU gettext (apt-get install gettext)"
)
def test_every_marked_string_is_in_the_catalogs(tmp_path):
    """A string marked in code or templates but missing from a catalog fails here."""
    copy = tmp_path / "balie"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("tests", "__pycache__"))
    # An empty locale folder next to the sources keeps makemessages writing into the copy.
    shutil.rmtree(copy / "locale")
    (copy / "locale").mkdir()
    subprocess.run(
        [
            sys.executable,
            str(PROJECT_DIR / "manage.py"),
            "makemessages",
            "-l",
            "fr",
            "--no-location",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted_path = copy / "locale/fr/LC_MESSAGES/django.po"
    assert extracted_path.exists(), "makemessages wrote outside the temporary copy"
    extracted = {entry_key(e) for e in polib.pofile(str(extracted_path))}
    assert len(extracted) > 100

    for language in LANGUAGES:
        known = {entry_key(entry) for entry in catalog(language)}
        missing = sorted(extracted - known, key=str)
        assert not missing, f"{language}: run `make messages` and translate: {missing[:10]}"
