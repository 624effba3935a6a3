"""Every status write goes through its workflow's one function (talentdesk/lib/workflow.py
`Workflow.move`, which checks the table, locks, audits and publishes). This walks the code and
fails on any other `x.status = …`, `.update(status=…)`, `setattr(x, "status", …)` or save with
`update_fields` naming the status. Creating a row in its first status is not a write."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "talentdesk",
    "accounts",
    "agencies",
    "brands",
    "creators",
    "access",
    "campaigns",
    "deliverables",
    "money",
    "results",
    "messaging",
    "api",
    "bench",
]
# The only writers, each with why. Keep this list short: a new entry needs a reason as good.
WRITERS = {
    "talentdesk/lib/workflow.py": "Workflow.move: offers, deliverables and representations",
    "creators/web_imports.py": "an import job's own progress (ready → queued → running → done), "
    "written by its one module; it is no deal workflow and nothing audits a job's progress",
    "talentdesk/lifecycle/exports.py": "a data export's own progress (pending → ready or failed), "
    "written by its one module; it is no deal workflow (the request is audited, not the build)",
    "api/webhooks.py": "a webhook delivery's attempts (pending → succeeded or failed), written "
    "by its one module with a claim that keeps two workers apart",
    "talentdesk/management/commands/requeue-stalled-tasks.py": "the task queue's own rows "
    "(django-tasks-db): a task whose worker died goes back from running to ready",
}


def status_writes(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                elements = target.elts if isinstance(target, ast.Tuple) else [target]
                if any(isinstance(e, ast.Attribute) and e.attr == "status" for e in elements):
                    lines.append(node.lineno)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            keywords = {k.arg: k.value for k in node.keywords}
            if name == "update" and "status" in keywords:
                lines.append(node.lineno)
            names = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
            if name == "setattr" and names == ["status"]:
                lines.append(node.lineno)
            fields = keywords.get("update_fields")
            if isinstance(fields, ast.List | ast.Tuple) and any(
                isinstance(e, ast.Constant) and e.value == "status" for e in fields.elts
            ):
                lines.append(node.lineno)
    return lines


def test_no_status_is_written_outside_its_workflow():
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or relative in WRITERS:
                continue
            lines = status_writes(ast.parse(path.read_text(), relative))
            if lines:
                found[relative] = lines
    assert found == {}, "status written outside Workflow.move: " + repr(found)


def test_the_guard_catches_each_form_of_write():
    code = """
offer.status = "accepted"
offer.version, offer.status = 2, "countered_by_brand"
Offer.objects.filter(pk=1).update(status="completed")
setattr(offer, "status", "accepted")
offer.save(update_fields=["status"])
Offer.objects.create(status="offered")  # a first status: allowed
"""
    assert status_writes(ast.parse(code)) == [2, 3, 4, 5, 6]


def test_every_listed_writer_still_writes():
    for relative in WRITERS:
        assert status_writes(ast.parse((ROOT / relative).read_text())), relative
