"""The low layers import nothing above them: `workflow` imports no Certinum app at all,
`accounts` only `workflow` (ARCHITECTURE.md: lower apps never import higher ones)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "certinum"
APPS = {p.parent.name for p in PACKAGE.glob("*/apps.py")}


def imported_apps(app: str) -> dict[str, set[str]]:
    """For each module of `app`, the other Certinum apps it imports directly."""
    found: dict[str, set[str]] = {}
    for path in (PACKAGE / app).rglob("*.py"):
        names: list[str] = []
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.append(node.module)
            elif isinstance(node, ast.Import):
                names.extend(alias.name for alias in node.names)
        apps = {n.split(".")[1] for n in names if n.startswith("certinum.") and n.count(".")}
        found[str(path.relative_to(PACKAGE))] = (apps & APPS) - {app}
    return found


@pytest.mark.parametrize(("app", "allowed"), [("workflow", set()), ("accounts", {"workflow"})])
def test_a_low_layer_imports_no_app_above_it(app, allowed):
    assert {"workflow", "accounts", "orga"} <= APPS  # the scan sees the apps
    wrong = {
        module: apps - allowed for module, apps in imported_apps(app).items() if apps - allowed
    }
    assert wrong == {}
