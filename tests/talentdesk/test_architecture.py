"""Imports run one way (docs/architecture.md): a module imports only from its own layer or the
layers below it, function-level imports included, so no cycle can come back between the deal
apps, and the trust core (the permission decision, events, audit) stays free of domain models."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. A module belongs to the layer of its longest matching prefix.
LAYERS = [
    ("lib", ["talentdesk.lib"]),
    (
        "trust core",
        [
            "access.models",
            "access.roles",
            "access.scopes",
            "access.permissions",
            "access.events",
            "access.audit",
            "access.decorators",
            "access.admin_audit",
        ],
    ),
    ("organisations", ["accounts", "agencies", "brands", "creators", "access"]),
    ("deals", ["campaigns"]),
    ("content", ["deliverables"]),
    ("money", ["money"]),
    ("off-platform", ["contacts"]),
    ("results", ["results"]),
    ("pipeline", ["pipeline"]),
    ("messaging", ["messaging"]),
    ("api", ["api"]),
    ("project", ["talentdesk", "bench"]),
]
RANK = {name: rank for rank, (name, _prefixes) in enumerate(LAYERS)}
PREFIXES = sorted(
    ((prefix, name) for name, prefixes in LAYERS for prefix in prefixes),
    key=lambda item: -len(item[0]),
)


def layer_of(module: str) -> str | None:
    for prefix, name in PREFIXES:
        if module == prefix or module.startswith(prefix + "."):
            return name
    return None  # Django, the standard library, third-party packages


def modules():
    for top in {prefix.split(".")[0] for prefix, _name in PREFIXES}:
        for path in (ROOT / top).rglob("*.py"):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            name = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
            yield name, path


def is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, at module or function level. `from access import audit`
    imports the module access.audit (not the package access): each name is judged alone."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                dotted = f"{node.module}.{alias.name}"
                found.append((node.lineno, dotted if is_module(dotted) else node.module))
    return found


def upward_imports() -> list[str]:
    wrong = []
    for module, path in modules():
        own = layer_of(module)
        for line, imported in imports_of(path):
            target = layer_of(imported)
            if target is not None and own is not None and RANK[target] > RANK[own]:
                wrong.append(f"{module}:{line} ({own}) imports {imported} ({target})")
    return wrong


def test_imports_run_downwards_only():
    assert upward_imports() == []


def test_the_deal_apps_do_not_reach_up():
    """The cycle campaigns ↔ contracts ↔ deliverables ↔ messaging is gone for good."""
    for module, path in modules():
        if layer_of(module) != "deals":
            continue
        for _line, imported in imports_of(path):
            assert not imported.startswith(("deliverables", "messaging", "api")), module


def test_the_permission_decision_imports_no_domain_model():
    path = ROOT / "access" / "permissions.py"
    allowed = {"lib", "trust core", None}
    assert {layer_of(i) for _line, i in imports_of(path)} <= allowed


def test_every_app_module_has_a_layer():
    assert [m for m, _path in modules() if layer_of(m) is None] == []
