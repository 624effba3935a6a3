"""Issue 15, property: a creators file with random empty cells, N/A, abbreviations (1.2K, 3M),
repeated rows and huge values either is refused with the lines of its bad rows and changes
nothing, or writes exactly what an independent reading of the file says."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creators.importing import write_batch
from creators.models import StatSnapshot
from creators.sources.csv_files import read_csv
from creators.sources.records import ImportFailed

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 30)
HANDLES = [f"hyp{i}" for i in range(6)]

cells = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(str),
    st.builds(
        lambda whole, tenth, suffix: f"{whole}.{tenth}{suffix}",
        st.integers(0, 999),
        st.integers(0, 9),
        st.sampled_from(["K", "k", "M", "m"]),
    ),
    st.sampled_from(["", "N/A", "n/a", "-", "null", " "]),
    st.sampled_from(["lots", "1.2.3", "12x", "-5"]),
    st.integers(min_value=2**63, max_value=10**25).map(str),  # beyond a bigint
)
rows = st.lists(st.tuples(st.sampled_from(HANDLES), cells), min_size=1, max_size=8)

UNKNOWN = {"", "n/a", "-", "null"}
SUFFIX = {"k": 1000, "m": 1000000}


def oracle(cell: str) -> tuple[bool, int | None]:
    """(readable, value) by a reading of the cell written for this test alone."""
    raw = cell.strip()
    if raw.lower() in UNKNOWN:
        return True, None
    if re.fullmatch(r"\d+", raw):
        value = int(raw)
        return value < 2**63, value
    match = re.fullmatch(r"(\d+\.\d)([kKmM])", raw)
    if match:
        value = Decimal(match.group(1)) * SUFFIX[match.group(2).lower()]
        return value == int(value), int(value)
    return False, None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows)
def test_issue15_random_files_are_refused_whole_or_written_exactly(data):
    text = "handle,followers\n" + "".join(f"{h},{c}\n" for h, c in data)
    expected_bad, seen, expected = set(), {}, {}
    for line, (handle, cell) in enumerate(data, start=2):
        readable, value = oracle(cell)
        if not readable:
            expected_bad.add(line)
        elif handle in seen:
            expected_bad.add(line)  # repeated: refused by default
        else:
            seen[handle] = line
            if value is not None:
                expected[handle] = value
    with transaction.atomic():
        before = list(StatSnapshot.objects.filter(creator__handle__in=HANDLES).values())
        try:
            write_batch(read_csv(text, "creators", snapshot_day=DAY))
        except ImportFailed as failure:
            assert expected_bad, failure.problems
            assert {p.line for p in failure.problems} == expected_bad
            after = list(StatSnapshot.objects.filter(creator__handle__in=HANDLES).values())
            assert after == before
        else:
            assert not expected_bad
            stored = dict(
                StatSnapshot.objects.filter(creator__handle__in=HANDLES, day=DAY).values_list(
                    "creator__handle", "followers"
                )
            )
            assert stored == expected
        transaction.set_rollback(True)
