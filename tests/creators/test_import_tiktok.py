"""Every TikTok payload shape, imported through `talentdesk import-tiktok` into the database."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from creators.models import AudienceSnapshot, CreatorProfile, Rate, SourceMetric, Video

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "sources" / "fixtures"
NEEDS_HANDLE = {"display_videos.json", "research_user.json", "business_videos.json"}


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        return 0, out.getvalue(), err.getvalue()
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.json")))
def test_each_payload_shape_imports(name):
    args = ["import-tiktok", str(FIXTURES / name), "--json"]
    if name in NEEDS_HANDLE:
        args += ["--handle", "@fixture.creator"]
    code, out, err = run(*args)
    assert code == 0, out + err
    summary = json.loads(out)
    assert summary["ok"] and summary["source"].startswith("tiktok-")
    assert CreatorProfile.objects.filter(user__isnull=True).exists()


def test_marketplace_payload_brings_audience_rate_and_source_figures():
    code, out, _err = run("import-tiktok", str(FIXTURES / "tcm_creator.json"))
    assert code == 0, out
    audience = AudienceSnapshot.objects.latest("id")
    assert audience.source == "tiktok-tcm" and audience.genders
    assert Rate.objects.filter(creator=audience.creator).exists()
    assert SourceMetric.objects.filter(creator=audience.creator, source="tiktok-tcm").exists()


def test_a_payload_without_its_handle_is_refused_and_writes_nothing():
    before = Video.objects.count()
    code, _out, err = run("import-tiktok", str(FIXTURES / "display_videos.json"))
    assert code == 1 and "pass --handle" in err
    assert Video.objects.count() == before


def test_not_json_is_a_data_error(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{not json")
    with pytest.raises(Exception, match="not JSON"):
        call_command("import-tiktok", str(path))
