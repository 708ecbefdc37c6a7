"""Behaviour unchanged (issue 13): the JSON reports of the demo, the seed page and 20 NTREX
documents are byte-identical to the fixtures in tests/fixtures/golden/, apart from the
``tool_version`` value. The fixtures are written by ``scripts/golden_json.py`` (rerun it
after a deliberate behaviour change and review the diff); the corpus cases skip when the
shared corpora are absent."""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NTREX = [f"ntrex-{k:02d}" for k in range(20)]


def _load_golden():
    spec = importlib.util.spec_from_file_location("golden_json", ROOT / "scripts" / "golden_json.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


golden = _load_golden()


def _compare(name: str, args: list[str], cwd: Path) -> None:
    expected = golden.read_fixture(name)
    got = golden.produce(name, args, cwd)
    if got != expected:
        diff = "".join(list(difflib.unified_diff(expected.splitlines(True), got.splitlines(True),
                                                 f"{name} (fixture)", f"{name} (now)", n=2))[:80])
        pytest.fail(f"{name}: the JSON report changed (rerun scripts/golden_json.py if on purpose):\n{diff}")


def test_normalise_blanks_only_the_version():
    text = '{\n  "schema": "translate-review",\n  "tool_version": "9.9.9",\n  "meta": {"tool_version": "x"}\n}\n'
    out = golden.normalise(text)
    assert out == text.replace('"9.9.9"', '"<version>"', 1)
    with pytest.raises(RuntimeError):
        golden.normalise('{"schema": "translate-review"}')


def test_golden_demo(tmp_path):
    ((name, args, cwd, _),) = [c for c in golden.cases(None, tmp_path)]
    assert name == "demo"
    _compare(name, args, cwd)


@pytest.fixture(scope="module")
def corpus_cases(corpora, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("golden-ntrex")
    found = {name: (args, cwd) for name, args, cwd, needs in golden.cases(corpora, workdir) if needs}
    assert sorted(found) == sorted(["seed", *NTREX]), sorted(found)
    return found


@pytest.mark.parametrize("name", ["seed", *NTREX])
def test_golden_corpora(name, corpus_cases):
    args, cwd = corpus_cases[name]
    _compare(name, args, cwd)
