"""The French catalogue is whole: every message of the code is translated (none fuzzy) and every
plural has the three forms French's plural rule asks for — with two, gettext falls back to the
English text for "2 videos" (seen on the import and creator pages)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES" / "django.po"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_the_french_catalogue_passes_msgfmt_check():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_french_plurals_are_french_for_every_count(n):
    with translation.override("fr"):
        text = translation.ngettext(
            "%(n)s key is repeated: the last row of each is kept.",
            "%(n)s keys are repeated: the last row of each is kept.",
            n,
        ) % {"n": n}
    assert "gardée" in text, text
