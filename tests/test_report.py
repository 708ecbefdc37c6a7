"""Terminal report, JSON schema, JUnit XML and the CLI's report options and exit codes."""

from __future__ import annotations

import json
import re
from io import StringIO

import jsonschema
import pytest
from junitparser import Failure, JUnitXml
from rich.console import Console
from typer.testing import CliRunner

from helpers import reportdemo
from translate.report import core as report
from translate.cli.main import app
from translate.report.junit import write_junit
from translate.report.core import SCHEMA_FILE, SCHEMA_VERSION, render_terminal, to_dict

ANSI = re.compile(r"\x1b\[")


@pytest.fixture(scope="module")
def schema() -> dict:
    data = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def _validate(doc: dict, schema: dict) -> None:
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(doc)


# ---------------------------------------------------------------- terminal


def _render(result, width: int, **kw) -> str:
    buf = StringIO()
    render_terminal(result, Console(width=width, file=buf), **kw)
    return buf.getvalue()


def test_terminal_80_columns_in_a_pipe():
    result = reportdemo.build()
    out = _render(result, 80)
    assert not ANSI.search(out)  # a pipe gets no colour codes
    # pair blocks fit in 80 columns; note/warning/summary lines are one line each on purpose (grep)
    assert all(len(line) <= 80 for line in out.splitlines() if not line.startswith(("note:", "warning:", "summary:")))
    # stacked layout: each pair header keeps its type and chrF readable, nothing squeezed to "…"
    for k, link in enumerate(result.alignment.links):
        assert re.search(rf"^#{k} {re.escape(link.type)}\b", out, re.M), k
    assert f"chrF {result.scores[0].chrf:.1f}" in out
    assert "ERROR number-mismatch: numbers differ" in out
    assert "(missing in the rendering)" in out and "(not in the source)" in out
    assert "<script>window.__pwned=1</script>" in out  # shown as text
    assert f"summary: 6 aligned pairs, {report.summary(result)['flagged_links']} flagged" in out  # count follows the checks


def test_terminal_wide_table_keeps_narrow_columns():
    result = reportdemo.build()
    out = _render(result, 140)
    assert re.search(r"┃\s*type\s*┃", out) and re.search(r"┃\s*chrF\s*┃", out)
    for link in result.alignment.links:
        assert f" {link.type} " in out
    assert f"{result.scores[0].chrf:.1f}" in out
    assert not ANSI.search(out)


def test_terminal_shows_markup_literally():
    result = reportdemo.build()
    seg = result.target.segments[0]
    result.target.segments[0] = type(seg)(seg.side, seg.index, seg.paragraph, seg.sentence, seg.start, seg.end,
                                          "[bold red]niet opmaken[/bold red]")
    for width in (80, 140):
        out = _render(result, width)
        assert "[bold red]niet" in out and "[/bold red]" in out


def test_terminal_long_words_are_folded_not_cut():
    result = reportdemo.build()
    url = "https://example.org/" + "Q" * 150
    seg = result.target.segments[0]
    result.target.segments[0] = type(seg)(seg.side, seg.index, seg.paragraph, seg.sentence, seg.start, seg.end, url)
    for width in (80, 140):
        out = _render(result, width)
        assert out.count("Q") == 150, width  # folded over lines, never cut to "…"


def test_terminal_only_flagged():
    result = reportdemo.build()
    out = _render(result, 80, only_flagged=True)
    flagged = {f.link for f in result.flags}
    for k in range(len(result.alignment.links)):
        assert (re.search(rf"^#{k} ", out, re.M) is not None) == (k in flagged)


def test_terminal_colour_on_a_tty():
    out = StringIO()
    render_terminal(reportdemo.build(), Console(width=80, file=out, force_terminal=True, color_system="standard"))
    assert ANSI.search(out.getvalue())


# -------------------------------------------------------------------- JSON


@pytest.mark.parametrize("variant", ["scored", "no-model", "target-only"])
def test_json_report_validates_against_schema(schema, variant):
    result = reportdemo.build(target_only=variant == "target-only", with_translation=variant == "scored")
    doc = json.loads(json.dumps(to_dict(result)))
    _validate(doc, schema)
    assert doc["schema_version"] == SCHEMA_VERSION


@pytest.mark.parametrize("variant", ["scored", "no-model", "target-only"])
def test_streamed_json_equals_to_dict(variant, tmp_path):
    result = reportdemo.build(target_only=variant == "target-only", with_translation=variant == "scored")
    path = tmp_path / "r.json"
    report.write_json(result, path)
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == json.loads(json.dumps(to_dict(result)))
    # one array element per line: a diff of two reports shows the changed links
    links = json.loads(text)["links"]
    assert len(links) > 2
    assert sum(1 for line in text.splitlines() if line.startswith('    {"index": ')) == len(links)
    assert text.endswith("}\n")


def test_streamed_json_empty_arrays(tmp_path):
    result = reportdemo.build()
    result.flags = []
    text = "".join(report.iter_json(result))
    assert json.loads(text)["flags"] == []
    assert '"flags": []' in text


def test_schema_rejects_wrong_documents(schema):
    doc = json.loads(json.dumps(to_dict(reportdemo.build())))
    bad = json.loads(json.dumps(doc))
    bad["flags"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        _validate(bad, schema)
    bad = json.loads(json.dumps(doc))
    del bad["links"][0]["type"]
    with pytest.raises(jsonschema.ValidationError):
        _validate(bad, schema)
    bad = json.loads(json.dumps(doc))
    bad["schema_version"] = "2.0"
    with pytest.raises(jsonschema.ValidationError):
        _validate(bad, schema)


def test_schema_version_matches_code(schema):
    assert re.match(schema["properties"]["schema_version"]["pattern"], report.SCHEMA_VERSION)
    assert schema["$id"].endswith(SCHEMA_VERSION)
    assert schema["properties"]["schema"]["const"] == report.SCHEMA_ID


# ------------------------------------------------------------------- JUnit


def test_junit_xml_parses_with_junitparser(tmp_path):
    result = reportdemo.build()
    path = tmp_path / "junit.xml"
    write_junit(result, path)
    xml = JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert len(suites) == 1
    cases = list(suites[0])
    flagged = sorted({f.link for f in result.flags if f.link >= 0})
    assert len(cases) == len(flagged) == suites[0].tests
    failing = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
    assert len(failing) == suites[0].failures == len(flagged)  # all demo flags are errors or warnings
    wrong = [c for c in cases if c.name.startswith(f"pair {reportdemo.WRONG_NUMBER} ")][0]
    assert wrong.result[0].type == "number-mismatch"
    assert "numbers differ" in wrong.result[0].message
    assert "1.520" in wrong.result[0].text


def test_junit_clean_review_has_one_passing_case(tmp_path):
    result = reportdemo.build(target_only=True)
    result.flags.clear()
    write_junit(result, tmp_path / "j.xml")
    suite = list(JUnitXml.fromfile(str(tmp_path / "j.xml")))[0]
    cases = list(suite)
    assert len(cases) == 1 and not cases[0].result and suite.failures == 0


# --------------------------------------------------------------------- CLI

runner = CliRunner()


def test_cli_writes_every_report_and_exit_codes(tmp_path, schema):
    src, tgt, ref = reportdemo.write_inputs(tmp_path)
    out = {k: tmp_path / f"r.{k}" for k in ("html", "tmx", "xlf", "csv", "tsv", "jsonl", "xml", "json")}
    args = ["review", str(src), str(tgt), "--against", str(ref), "--json", str(out["json"]), "--html", str(out["html"]),
            "--tmx", str(out["tmx"]), "--xliff", str(out["xlf"]), "--xliff-version", "2.1", "--csv", str(out["csv"]),
            "--tsv", str(out["tsv"]), "--jsonl", str(out["jsonl"]), "--junit", str(out["xml"]), "-q"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    for path in out.values():
        assert path.stat().st_size > 0, path
    _validate(json.loads(out["json"].read_text(encoding="utf-8")), schema)
    assert 'version="2.1"' in out["xlf"].read_text(encoding="utf-8")
    assert runner.invoke(app, args + ["--fail-on", "error"]).exit_code == 1
    # usage and input errors: exit 2, one line, no traceback
    for bad in (["--xliff-version", "3.0"], ["--tm", str(out["tmx"])]):
        res = runner.invoke(app, args + bad)
        assert res.exit_code == 2 and "Traceback" not in res.output, res.output
    res = runner.invoke(app, ["review", str(src), str(tgt), "--no-model", "--html", str(tmp_path / "nope" / "r.html")])
    assert res.exit_code == 2 and "does not exist" in res.output


def test_cli_review_tm(tmp_path):
    """An exported TMX reviewed again with --tm: same pairs, no re-alignment, flags recomputed."""
    src, tgt, ref = reportdemo.write_inputs(tmp_path)
    tmx, first_js, js = tmp_path / "r.tmx", tmp_path / "first.json", tmp_path / "tm.json"
    res = runner.invoke(app, ["review", str(src), str(tgt), "--no-model", "--tmx", str(tmx), "--json", str(first_js), "-q"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["review", "--tm", str(tmx), "--no-model", "--json", str(js), "--fail-on", "error"])
    first = json.loads(first_js.read_text(encoding="utf-8"))
    doc = json.loads(js.read_text(encoding="utf-8"))
    assert doc["meta"]["alignment_method"] == "tm:tmx" and doc["meta"]["tm"] == {"format": "tmx", "units": len(first["links"])}
    assert [(x["src_text"], x["tgt_text"]) for x in doc["links"]] == [(x["src_text"], x["tgt_text"]) for x in first["links"]]
    assert all(x["type"] in ("1:1", "1:0", "0:1") for x in doc["links"])
    assert "number-mismatch" in {f["code"] for f in doc["flags"]}
    assert res.exit_code == 1  # the planted wrong number is an error
    res = runner.invoke(app, ["review", "--tm", str(tmp_path / "missing.tmx"), "--no-model"])
    assert res.exit_code == 2 and "no such file" in res.output


def test_atomic_write_gives_normal_permissions(tmp_path):
    import os
    import stat

    from translate.atomic import atomic_write_text

    out = tmp_path / "r.json"
    atomic_write_text(out, "{}")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
