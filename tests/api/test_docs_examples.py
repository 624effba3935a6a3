"""The examples of docs/api.md run, as written, against a live server."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from api import actions as api_actions

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
BLOCKS = re.findall(r"```(sh|python)\n(.*?)```", DOC.read_text(), flags=re.S)


def test_the_document_has_examples():
    assert {"sh", "python"} <= {lang for lang, _code in BLOCKS}
    assert len(BLOCKS) >= 4


@pytest.fixture
def brand_token(transactional_db):
    from talentdesk import demo

    if demo.is_empty():
        demo.load()
    from tests.api.conftest import role_of
    from tests.conftest import build_cast

    cast = build_cast()
    return api_actions.create_token(
        cast.brand, name="docs", scope="write", role_key=role_of(cast.brand, "brand").key
    )[1]


@pytest.fixture
def agency_token(brand_token):
    """A write token of Northstar's lead manager of @mayamoves (the imports example)."""
    from tests.api.conftest import role_of
    from tests.conftest import build_cast

    manager = build_cast().manager
    return api_actions.create_token(
        manager, name="docs", scope="write", role_key=role_of(manager, "agency").key
    )[1]


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("number", range(len(BLOCKS)))
def test_each_example_runs(live_server, brand_token, agency_token, number):
    lang, code = BLOCKS[number]
    env = os.environ | {
        "TALENTDESK_URL": live_server.url,
        "TALENTDESK_TOKEN": brand_token,
        "TALENTDESK_AGENCY_TOKEN": agency_token,
    }
    command = (
        ["bash", "-euo", "pipefail", "-c", code] if lang == "sh" else [sys.executable, "-c", code]
    )
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert '"code": "' not in result.stdout, result.stdout  # no error body
