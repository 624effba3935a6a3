"""The permission matrix's rows of issue 20 alone (tests/access/test_permission_matrix.py runs
them with every other row): every role of the cast, all scopes, then negotiate withdrawn."""

import pytest

from access.models import Representation
from tests.access.test_permission_matrix import PAGE_CASES, ROLES, World, run

pytestmark = [pytest.mark.django_db, pytest.mark.matrix]
CASES = [case for case in PAGE_CASES if case.name.startswith("contacts:")]


def test_20_permission_matrix_rows_of_brand_contacts_and_guest_links(cast, tmp_path, settings):
    world = World(cast, tmp_path, settings)
    mismatches, changed_on_refusal = [], []
    for scope in (None, "negotiate"):
        granted = [s for s in world.scopes if s != scope]
        Representation.objects.filter(pk=world.rep.pk).update(scopes=granted)
        before = world.state()
        for case in CASES:
            expected = case.expected(scope)
            for who in ROLES:
                status, changed = run(world, case, who, before=before)
                if status != expected[who]:
                    mismatches.append(f"{case.key} as {who} ({scope}): {status} ≠ {expected[who]}")
                if changed:
                    changed_on_refusal.append(f"{case.key} as {who}")
    assert len(CASES) == 27
    assert mismatches == []
    assert changed_on_refusal == []
