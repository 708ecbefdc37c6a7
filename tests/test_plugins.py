"""Plug-ins (issue 13): a third-party package's check, writer and engine, declared in its
entry points, are found by name and used by a review; a broken plug-in is one error line.

The package is tests/fixtures/plugins/translate_plugin_demo with its
``translate_plugin_demo-0.1.dist-info`` (what ``pip install`` leaves in site-packages):
putting that folder on sys.path installs it for importlib.metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.checks.registry import check_codes
from translate.cli.main import app
from translate.mt.registry import engine_names
from translate.pipeline import ReviewOptions, review
from translate.report.writers import WRITERS

ROOT = Path(__file__).resolve().parents[1]
PLUGINS = ROOT / "tests" / "fixtures" / "plugins"
DEMO = ROOT / "corpora" / "demo"
PAIR = [str(DEMO / "vi.txt"), str(DEMO / "nl.txt")]


@pytest.fixture
def installed(monkeypatch):
    monkeypatch.syspath_prepend(str(PLUGINS))
    yield
    # monkeypatch takes the folder off sys.path again: the registries forget the plug-ins


def _review(args):
    return CliRunner().invoke(app, ["review", *PAIR, *args])


def test_without_the_package_there_is_no_plugin():
    assert "plugin-digits" not in check_codes() and "counts" not in WRITERS.names() and "echo" not in engine_names()
    res = _review(["--no-model", "--disable", "plugin-digits", "-q"])
    assert res.exit_code == 2 and "unknown check code(s) plugin-digits" in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_a_plugin_check_flags_in_a_review(installed):
    assert "plugin-digits" in check_codes()
    res = _review(["--no-model", "--json", "-"])
    assert res.exit_code == 0, res.output
    flags = [f for f in json.loads(res.stdout)["flags"] if f["code"] == "plugin-digits"]
    messages = " ".join(f["message"] for f in flags)
    assert flags and all(f["severity"] == "info" for f in flags)
    assert "53" in messages and "90" in messages  # "van 90 minuten naar 53 minuten" in nl.txt
    listed = CliRunner().invoke(app, ["checks"])
    assert "plugin-digits" in listed.output and "translate_plugin_demo" in listed.output
    off = _review(["--no-model", "--json", "-", "--disable", "plugin-digits"])
    assert off.exit_code == 0 and not [f for f in json.loads(off.stdout)["flags"] if f["code"] == "plugin-digits"]


def test_flag_takes_the_checks_to_run(installed):
    opts = ReviewOptions(model=None, checks=["number-mismatch", "plugin-digits"])
    codes = {f.code for f in review(*PAIR, opts).flags}
    assert codes == {"number-mismatch", "plugin-digits"}


def test_a_plugin_writer_writes_through_the_cli(installed, tmp_path):
    out = tmp_path / "counts.txt"
    res = _review(["--no-model", "-q", "--write", f"counts={out}", "--json", str(tmp_path / "r.json")])
    assert res.exit_code == 0, res.output
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert out.read_text(encoding="utf-8") == f"links {len(report['links'])}\nflags {len(report['flags'])}\n"
    same = _review(["--no-model", "-q", "--write", f"tmx={tmp_path / 'a.tmx'}", "--tmx", str(tmp_path / "b.tmx")])
    assert same.exit_code == 2 and "a second path for tmx" in same.output


def test_an_unknown_writer_is_one_line_before_any_work(tmp_path):
    res = _review(["--no-model", "-q", "--write", f"docx={tmp_path / 'x.docx'}"])
    assert res.exit_code == 2 and len(res.output.strip().splitlines()) == 1
    assert "unknown writer 'docx'" in res.output and "tmx" in res.output
    bad = _review(["--no-model", "-q", "--write", "counts"])
    assert bad.exit_code == 2 and "not NAME=PATH" in bad.output


def test_a_plugin_engine_is_chosen_by_name(installed, tmp_path):
    res = _review(["--backend", "echo", "--model", "any-name", "--no-cache", "--json", "-"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["meta"]["system"] == "echo:any-name"
    assert "translate" in data["meta"]["stages"]["ran"]
    assert data["meta"]["stages"]["skipped"]["token_scores"].startswith("the model cannot score")


def test_models_engines_lists_builtin_and_plugin_engines(installed):
    res = CliRunner().invoke(app, ["models", "engines", "--json"])
    assert res.exit_code == 0, res.output
    rows = {r["engine"]: r for r in json.loads(res.stdout)}
    assert {"transformers", "ctranslate2", "echo"} <= set(rows)
    assert rows["transformers"]["available"] and sum(r["auto"] for r in rows.values()) == 1
    table = CliRunner().invoke(app, ["models", "engines"])
    assert table.exit_code == 0 and "echo" in table.output


def test_a_broken_plugin_is_one_error_line(tmp_path, monkeypatch):
    dist = tmp_path / "broken_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[translate.checks]\nbroken = no_such_module_here:Check\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    res = _review(["--no-model", "-q"])
    assert res.exit_code == 2 and len(res.output.strip().splitlines()) == 1
    assert "check plug-in broken (no_such_module_here:Check) cannot be loaded" in res.output
