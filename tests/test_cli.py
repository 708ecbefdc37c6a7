import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from translate.cli.main import app

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"
runner = CliRunner()


def test_help_lists_commands():
    r = runner.invoke(app, ["--help"])
    assert r.exit_code == 0
    assert "review" in r.output


def test_version():
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.output.startswith("translate ")


def test_missing_file_is_one_line_exit_2(tmp_path):
    r = runner.invoke(app, ["review", str(DEMO / "vi.txt"), str(tmp_path / "nope.txt"), "--no-model"])
    assert r.exit_code == 2
    assert "no such file" in r.output
    assert "Traceback" not in r.output


def test_review_json_and_fail_on(tmp_path):
    out = tmp_path / "report.json"
    r = runner.invoke(app, ["review", str(DEMO / "vi.txt"), str(DEMO / "nl.txt"), "--no-model", "--json", str(out), "--fail-on", "error"])
    assert r.exit_code == 1, r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"]
    assert data["summary"]["flags"]["error"] >= 1
    r = runner.invoke(app, ["review", str(DEMO / "vi.txt"), str(DEMO / "nl.txt"), "--no-model", "--quiet"])
    assert r.exit_code == 0
    assert "summary:" in r.output


def test_default_model_missing_says_one_line_and_exits_0(tmp_path):
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_HOME=str(tmp_path / "hf"))
    r = subprocess.run(
        [sys.executable, "-m", "translate.cli.main", "review", str(DEMO / "vi.txt"), str(DEMO / "nl.txt"), "--quiet"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert r.returncode == 0, r.stderr
    notes = [line for line in r.stdout.splitlines() if "re-translation skipped" in line]
    assert len(notes) == 1
    assert "translate models pull" in notes[0]
    assert "Traceback" not in r.stderr


def test_review_with_two_model_routes(tiny_model, tmp_path):
    out = tmp_path / "r.json"
    r = runner.invoke(app, ["review", str(DEMO / "vi.txt"), str(DEMO / "nl.txt"), "--model", str(tiny_model),
                            "--model", f"{tiny_model}+{tiny_model}", "--no-cache", "--fail-on", "never", "--json", str(out)])
    assert r.exit_code == 0, r.output
    meta = json.loads(out.read_text(encoding="utf-8"))["meta"]
    assert str(tiny_model) in meta["system"] and len(meta["other_systems"]) == 1
    # an explicit route that cannot be loaded is a one-line error, as a single --model is
    bad = runner.invoke(app, ["review", str(DEMO / "vi.txt"), str(DEMO / "nl.txt"), "--model", str(tiny_model),
                              "--model", str(tmp_path / "no-such-model"), "--no-cache"])
    assert bad.exit_code == 2 and "error:" in bad.output and "Traceback" not in bad.output
