"""Statuses, sides and role kinds are enums (STYLE.md): code compares `offer.status`,
`role.kind` or a side with the enum's members, never with a string literal that a typo or a
renamed status would silently break."""

import ast

from tests.talentdesk.test_status_writes import APPS, ROOT

WATCHED = {"status", "kind", "side", "acting_side", "last_message_side", "status_before_approval"}
# Kinds that are not roles: an import file's kind and an audience dimension, parsed from files.
EXEMPT = {"creators/sources/csv_files.py", "creators/sources/tiktok_json.py"}


def literal_comparisons(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        watched = any(
            (isinstance(s, ast.Attribute) and s.attr in WATCHED)
            or (isinstance(s, ast.Name) and s.id in WATCHED)
            for s in sides
        )
        literals = [
            s
            for s in sides
            if (isinstance(s, ast.Constant) and isinstance(s.value, str))
            or (
                isinstance(s, ast.Tuple | ast.List | ast.Set)
                and any(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in s.elts)
            )
        ]
        if watched and literals:
            lines.append(node.lineno)
    return lines


def test_states_are_compared_with_enums_not_strings():
    found = {}
    for app in APPS:
        if app == "bench":  # the data generator writes raw rows by design
            continue
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or relative in EXEMPT:
                continue
            lines = literal_comparisons(ast.parse(path.read_text()))
            if lines:
                found[relative] = lines
    assert found == {}


def test_the_guard_sees_a_literal():
    code = 'if offer.status == "accepted": pass\nif role.kind in ("brand", "agency"): pass'
    assert literal_comparisons(ast.parse(code)) == [1, 2]
