"""The test suite's own rules (issue 13): helpers live in conftest.py or tests/helpers, never
in another test module; every marker is declared; the slow tests are marked, so
``pytest -m "not slow"`` (``make test``) stays short."""

from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
TEST_MODULES = sorted(TESTS.glob("test_*.py"))


def _imported_modules(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level:
            out.add((node.module or "").split(".")[0])
        elif isinstance(node, ast.Import):
            out.update(a.name.split(".")[0] for a in node.names)
    return out


def test_no_test_module_imports_another():
    names = {p.stem for p in TESTS.glob("*.py")} - {"conftest"}
    offenders = {p.name: sorted(_imported_modules(p) & names) for p in TEST_MODULES if _imported_modules(p) & names}
    assert not offenders, f"move shared helpers to tests/helpers or a conftest fixture: {offenders}"


def _declared_markers() -> set[str]:
    # the `markers = [...]` list of [tool.pytest.ini_options] (no tomllib before Python 3.11)
    text = (TESTS.parent / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^markers = \[(.*?)^\]", text, re.M | re.S)
    assert block, "pyproject.toml declares no markers"
    return set(re.findall(r'^\s*"([a-z_]+):', block.group(1), re.M))


def test_markers_are_declared_and_applied():
    used: set[str] = set()
    for p in TEST_MODULES:
        used |= set(re.findall(r"pytest\.mark\.([a-z_]+)", p.read_text(encoding="utf-8")))
    used -= {"parametrize", "skip", "skipif", "xfail", "usefixtures", "filterwarnings"}
    declared = _declared_markers()
    assert used <= declared, f"undeclared markers: {used - declared}"
    assert {"slow", "browser"} <= used, "a declared marker that no test carries filters nothing"
    # `corpora` is put on every test that uses the corpora fixture (conftest.py)
    conftest = (TESTS / "conftest.py").read_text(encoding="utf-8")
    assert "pytest.mark.corpora" in conftest and "corpora" in declared
