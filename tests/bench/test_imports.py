"""The import benchmark's file is one the importer accepts whole, and its plain-load baseline
reads every row."""

import sqlite3

import pytest

from bench import imports
from creators.models import CreatorProfile, Video
from creators.staged_import import import_video_csv

pytestmark = pytest.mark.django_db


def test_the_generated_file_imports_whole(tmp_path):
    path = imports.write_csv(tmp_path / "videos.csv", 600, creators=30)
    with path.open("rb") as stream:
        summary = import_video_csv(stream, snapshot_day=None)
    assert summary["videos_created"] == 600 and summary["creators_created"] == 30
    assert Video.objects.filter(creator__handle="import_creator_0007").count() == 20
    assert CreatorProfile.objects.get(handle="import_creator_0007").metrics.video_count >= 0


def test_the_plain_load_baseline_reads_every_row(tmp_path):
    path = imports.write_csv(tmp_path / "videos.csv", 250, creators=5)
    database = tmp_path / "plain.sqlite3"
    sqlite3.connect(database).close()
    assert imports.plain_load(path, f"sqlite:///{database}") > 0


def test_a_row_says_which_targets_it_misses():
    fast = imports.row(1_000_000, "postgres", "large", {"seconds": 30, "peak_mb": 90}, 1.0)
    slow = imports.row(1_000_000, "postgres", "large", {"seconds": 61, "peak_mb": 301}, 1.0)
    assert fast["targets"] == "met" and fast["ratio_to_plain_load"] == 30
    assert slow["targets"] == "missed: > 60 s, peak > 300 MB"
