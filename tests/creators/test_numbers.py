import csv
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from creators.sources.countries import country_code
from creators.sources.numbers import NumberError, parse_count, parse_fraction, parse_time

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.exists(), reason=f"{DATA} is absent (real data)")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("13.8M", 13_800_000),
        ("10.2K", 10_200),
        ("78.9m", 78_900_000),
        ("1,234", 1234),
        ("1.4e6", 1_400_000),
        ("856.3K", 856_300),
        ("0", 0),
        (" 42 ", 42),
        ("2B", 2_000_000_000),
    ],
)
def test_counts_as_sources_write_them(text, value):
    assert parse_count(text) == value


@pytest.mark.parametrize(
    "text", ["", "abc", "-5", "1.5", "1,23", "12,34,5", "nan", "inf", "1e400x"]
)
def test_bad_counts_are_refused(text):
    with pytest.raises(NumberError):
        parse_count(text)


def test_fractions_and_times():
    assert parse_fraction("16.60%") == Decimal("0.166")
    assert parse_time(1604786417) == datetime(2020, 11, 7, 22, 0, 17, tzinfo=UTC)
    assert parse_time("2020-11-07T22:00:17") == datetime(2020, 11, 7, 22, 0, 17, tzinfo=UTC)
    assert parse_time("2020-11-07T23:00:17+01:00") == datetime(2020, 11, 7, 22, 0, 17, tzinfo=UTC)


def test_country_names_map_to_iso_codes():
    assert [country_code(n) for n in ("U.S.A", "U.K.", "India", "fr")] == ["US", "GB", "IN", "FR"]
    with pytest.raises(ValueError, match="unknown country"):
        country_code("Atlantis")


@needs_data
def test_every_abbreviated_number_of_the_top1000_file_equals_its_integer_twin():
    path = DATA / "tiktok-top1000-sep2022" / "social_media_influencers_tiktok_sep2022.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    pairs = 0
    for row in rows[1:]:
        for abbreviated, exact in zip(row[3:13:2], row[4:14:2], strict=True):
            assert parse_count(abbreviated) == int(exact), (row[1], abbreviated, exact)
            pairs += 1
    assert pairs == 5000
