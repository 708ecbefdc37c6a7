"""CI semantics (issue 15): JUnit pass/fail follows --fail-on, and --fail-under-chrf /
--fail-under-bleu gate on the document score."""

from junitparser import Failure, JUnitXml
from typer.testing import CliRunner

from helpers import reportdemo
from translate.cli.main import app

runner = CliRunner()


def _failures(path):
    suite = next(iter(JUnitXml.fromfile(str(path))))
    return [case for case in suite if any(isinstance(r, Failure) for r in case.result)]


def test_junit_failures_follow_fail_on(tmp_path):
    src, tgt, ref = reportdemo.write_inputs(tmp_path)
    base = ["review", str(src), str(tgt), "--against", str(ref), "-q"]
    counts = {}
    for level in ("never", "error", "warning", "info"):
        xml = tmp_path / f"{level}.xml"
        r = runner.invoke(app, base + ["--fail-on", level, "--junit", str(xml)])
        assert r.exit_code in (0, 1), r.output
        counts[level] = len(_failures(xml))
        assert (counts[level] > 0) == (r.exit_code == 1), (level, r.output)
    assert counts["never"] == 0
    assert counts["error"] <= counts["warning"] <= counts["info"]
    assert counts["error"] < counts["warning"] or counts["warning"] < counts["info"] or counts["error"] > 0


def test_fail_under_chrf_and_bleu(tmp_path):
    src, tgt, ref = reportdemo.write_inputs(tmp_path)
    base = ["review", str(src), str(tgt), "--against", str(ref), "-q", "--fail-on", "never"]
    ok = runner.invoke(app, base + ["--fail-under-chrf", "1", "--fail-under-bleu", "0.5"])
    assert ok.exit_code == 0, ok.output
    xml = tmp_path / "gate.xml"
    bad = runner.invoke(app, base + ["--fail-under-chrf", "99.9", "--junit", str(xml)])
    assert bad.exit_code == 1, bad.output
    assert "gate: document chrF" in bad.stderr and "is under the gate 99.9" in bad.stderr
    names = [case.name for case in _failures(xml)]
    assert names == ["document chrF >= 99.9"]
    bleu = runner.invoke(app, base + ["--fail-under-bleu", "100"])
    assert bleu.exit_code == 1 and "document BLEU" in bleu.stderr


def test_gate_without_document_score_is_a_usage_error(tmp_path):
    src, tgt, _ = reportdemo.write_inputs(tmp_path)
    r = runner.invoke(app, ["review", str(src), str(tgt), "--no-model", "-q", "--fail-under-chrf", "40"])
    assert r.exit_code == 2
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: --fail-under-chrf needs a document score"), r.stderr
