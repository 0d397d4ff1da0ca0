"""Code-shape rules from STYLE.md that ruff does not check: no function over 60 lines."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "certinum"
MAX_FUNCTION_LINES = 60

# Functions allowed over the limit (none today). Remove an entry once its function is short:
# the second test fails until the list is up to date.
KNOWN_LONG_FUNCTIONS: set[str] = set()


def function_lengths() -> dict[str, int]:
    """Lines from `def` to the function's last line (docstring and comments included)."""
    lengths = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{path.relative_to(PACKAGE).as_posix()}::{node.name}"
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                lengths[name] = max(length, lengths.get(name, 0))
    return lengths


def test_no_function_is_over_60_lines():
    too_long = {
        name: length
        for name, length in function_lengths().items()
        if length > MAX_FUNCTION_LINES and name not in KNOWN_LONG_FUNCTIONS
    }
    assert not too_long, f"split these functions (lines): {too_long}"


def test_the_known_long_functions_are_still_long():
    lengths = function_lengths()
    fixed = sorted(
        name for name in KNOWN_LONG_FUNCTIONS if lengths.get(name, 0) <= MAX_FUNCTION_LINES
    )
    assert not fixed, f"remove from KNOWN_LONG_FUNCTIONS: {fixed}"


def test_the_check_measures_functions_from_def_to_their_last_line(tmp_path, monkeypatch):
    (tmp_path / "module.py").write_text(
        "@decorator\ndef short():\n    return 1\n\n\nasync def longer():\n" + "    x = 1\n" * 61,
        encoding="utf-8",
    )
    monkeypatch.setattr("tests.test_code_quality.PACKAGE", tmp_path)
    assert function_lengths() == {"module.py::short": 2, "module.py::longer": 62}
