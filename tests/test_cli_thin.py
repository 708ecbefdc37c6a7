"""The thin CLI (issue 13): one error exit, commands that parse, call one library function
and print; the library functions give what the commands print."""

from __future__ import annotations

import ast
import copy
import json
import signal
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from translate.alignment.report import to_dict as align_dict
from translate.alignment.report import to_tsv
from translate.cli.main import app
from translate.cli.common import FailOn, cli_errors, flag_exit_code
from translate.compare.inputs import compare_files
from translate.data import Severity
from translate.errors import InputError
from translate.report.writers import Outputs
from translate.pipeline import ReviewOptions, align_files, review_files
from translate.runtime import Interrupted, TimeLimit

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "translate"
DEMO = ROOT / "corpora" / "demo"
COMMANDS = [("cli/review.py", "review_command"), ("cli/compare.py", "compare_command"), ("cli/align.py", "command"),
            ("cli/corpus.py", "corpus_command"), ("cli/checks.py", "waive_command"), ("cli/checks.py", "checks_command")]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names.add(("." * node.level) + (node.module or ""))
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_no_module_imports_the_cli_back():
    offenders = [str(p.relative_to(PKG)) for p in PKG.rglob("*.py") if p != PKG / "cli" / "main.py"
                 and {".main" if p.parent.name == "cli" else "..cli.main", "translate.cli.main"} & _imports(p)]
    assert not offenders, f"import the shared exit from translate.cli.common, not translate.cli.main: {offenders}"


@pytest.mark.parametrize("module,function", COMMANDS)
def test_commands_are_thin(module, function):
    tree = ast.parse((PKG / module).read_text(encoding="utf-8"))
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function)
    body = fn.body[1:] if isinstance(fn.body[0], ast.Expr) else fn.body  # without the docstring (the help)
    lines = body[-1].end_lineno - body[0].lineno + 1
    assert lines <= 35, f"{module}:{function} body is {lines} lines: move the work into a library function"
    assert not any(isinstance(n, ast.Try) for n in ast.walk(fn)), "errors go through cli_errors, not a try of its own"


def _run_body(body) -> tuple[int, str]:
    tiny = typer.Typer()

    @tiny.command()
    def go() -> None:
        with cli_errors("go", 0):
            body()

    @tiny.command()
    def other() -> None:  # two commands: `go` is a sub-command, as in the real CLI
        pass

    r = CliRunner().invoke(tiny, ["go"])
    return r.exit_code, r.output


def test_cli_errors_is_one_line_and_the_exit_code():
    def bad():
        raise InputError("x.txt: is empty", "give a file with text")

    code, out = _run_body(bad)
    assert (code, out) == (2, "error: x.txt: is empty (give a file with text)\n")

    def ctrl_c():
        raise Interrupted(signal.SIGTERM)

    code, out = _run_body(ctrl_c)
    assert (code, out) == (143, "interrupted by SIGTERM: stopped before the end, no output written\n")

    def late():
        raise TimeLimit(1.5)

    code, out = _run_body(late)
    assert code == 2 and out == "error: go stopped after the 1.5 s limit (--max-seconds) (raise the limit or split the input)\n"


def test_fail_on_exit_code():
    assert flag_exit_code(Severity.WARNING, FailOn.warning) == 1
    assert flag_exit_code(Severity.INFO, FailOn.warning) == 0
    assert flag_exit_code(Severity.ERROR, FailOn.never) == 0
    assert flag_exit_code(None, FailOn.info) == 0
    assert FailOn.never.severity is None and FailOn.error.severity is Severity.ERROR


def test_review_files_writes_what_the_cli_writes_and_leaves_the_options(tmp_path):
    opts = ReviewOptions(model=None, against=[str(DEMO / "nl.txt"), str(DEMO / "nl.txt")])
    before = copy.deepcopy(opts)
    lib_json, cli_json = tmp_path / "lib.json", tmp_path / "cli.json"
    result, gates = review_files(str(DEMO / "vi.txt"), str(DEMO / "nl.txt"), opts, json_path=str(lib_json),
                                 outputs=Outputs(paths={"tsv": str(tmp_path / "lib.tsv")}), fail_under_chrf=99.0)
    assert opts == before
    assert [g.name for g in gates] == ["document chrF >= 99"] and gates[0].passed  # the rendering is its own re-translation
    r = CliRunner().invoke(app, ["review", str(DEMO / "vi.txt"), str(DEMO / "nl.txt"), "--against", str(DEMO / "nl.txt"),
                                 "--against", str(DEMO / "nl.txt"), "--json", str(cli_json), "--tsv", str(tmp_path / "cli.tsv"),
                                 "-q", "--fail-under-chrf", "99"])
    assert r.exit_code == 0, r.output
    strip = lambda d: {k: v for k, v in d.items() if k not in ("meta", "tool")}  # noqa: E731
    assert strip(json.loads(lib_json.read_text())) == strip(json.loads(cli_json.read_text()))
    assert (tmp_path / "lib.tsv").read_text() == (tmp_path / "cli.tsv").read_text()
    assert result.meta["source"] == str(DEMO / "vi.txt")


def test_review_files_refuses_an_input_as_output_before_any_work(tmp_path, monkeypatch):
    import translate.pipeline as pipeline

    monkeypatch.setattr(pipeline, "review", lambda *a, **k: pytest.fail("reviewed before the outputs were checked"))
    from translate.errors import OutputError

    with pytest.raises(OutputError, match="is one of the input files"):
        review_files(str(DEMO / "vi.txt"), str(DEMO / "nl.txt"), ReviewOptions(model=None), json_path=str(DEMO / "nl.txt"))


def test_align_files_is_what_translate_align_prints():
    src, tgt, alignment, notes = align_files(str(DEMO / "vi.txt"), str(DEMO / "nl.txt"))
    r = CliRunner().invoke(app, ["align", str(DEMO / "vi.txt"), str(DEMO / "nl.txt")])
    assert r.exit_code == 0
    assert r.stdout == to_tsv(align_dict(src, tgt, alignment, notes))
    with pytest.raises(InputError, match="same file"):
        align_files(str(DEMO / "vi.txt"), str(DEMO / "vi.txt"))


def test_compare_files_is_what_translate_compare_reports(tmp_path):
    ref, a, b = tmp_path / "ref.txt", tmp_path / "a.txt", tmp_path / "b.txt"
    ref.write_text("De kat zit op de mat.\nHet regent vandaag.\n", encoding="utf-8")
    a.write_text("De kat zit op de mat.\nHet regent.\n", encoding="utf-8")
    b.write_text("Een kat zat op een mat.\nVandaag regent het.\n", encoding="utf-8")
    args = dict(refs=[str(ref)], paired_bs=20, paired_ar=20, seed=7)
    report = compare_files([str(a), str(b)], **args, json_path=str(tmp_path / "lib.json"), command="x")
    r = CliRunner().invoke(app, ["compare", "--ref", str(ref), str(a), str(b), "--paired-bs", "20", "--paired-ar", "20",
                                 "--seed", "7", "--json", "-"])
    assert r.exit_code == 0, r.output
    cli = json.loads(r.stdout)
    assert json.loads((tmp_path / "lib.json").read_text()) == report
    assert report["command"] == "x" and cli["command"].startswith("translate ")
    assert {**cli, "command": "x"} == report
    assert report["ranking"] and report["significance"] and len(report["per_segment"]) == 2


def test_errors_are_printed_in_one_place():
    import re

    printing = re.compile(r"""(?:print|echo|write)\(\s*f?["']error: """)
    offenders = [p.name for p in PKG.rglob("*.py") if p != PKG / "cli" / "common.py" and printing.search(p.read_text(encoding="utf-8"))]
    assert not offenders, f"print errors with cli_common.print_error / cli_errors: {offenders}"
