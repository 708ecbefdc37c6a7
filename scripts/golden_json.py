"""Golden JSON reports: the behaviour-unchanged proof of issue 13.

Runs ``translate review ... --json`` exactly as a user does (the ``translate`` console
script's entry point, in-process, with sys.argv set) on:

* ``demo``: corpora/demo (model-free);
* ``seed``: the seed page of the shared corpora (rendering only, model-free);
* ``ntrex-NN``: the first 20 NTREX-128 documents (human vi source, human nl rendering,
  ``--against`` the real OPUS-MT vi->nl output of the same lines).

The reports are compared byte for byte as the CLI writes them, with one normalisation:
the value of the ``tool_version`` field (the report has no timing field).
Input paths are given relative to the working directory (the repository for the demo,
the corpus folder for the seed page, a temporary folder for NTREX), so the reports
hold no machine-dependent path.

``python scripts/golden_json.py`` rewrites tests/fixtures/golden/ (after a deliberate
behaviour change: review the diff); ``--check`` compares and exits 1 on a difference.
tests/test_golden_json.py runs the same comparison. The command is found through the
installed ``translate`` console script (``pip install -e .`` after its entry point moves).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import gzip
import io
import json
import os
import re
import sys
import tempfile
from importlib.metadata import entry_points
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "golden"
NTREX_DOCS = 20
REALMT = "realmt/ntrex128/opus-mt-tc-bible-big-mul-deu_eng_nld.bytefallback-decoded.nld"
PARAGRAPH = 3  # NTREX has one sentence a line: three consecutive lines make a paragraph


def corpora_dir() -> Path | None:
    path = Path(os.environ.get("TRANSLATE_CORPORA", ROOT.parent / "shared" / "corpora"))
    return path if path.is_dir() else None


def _main_entry():
    """The function the installed ``translate`` command runs (wherever the CLI module lives)."""
    (ep,) = [e for e in entry_points(group="console_scripts") if e.name == "translate"]
    return ep.load()


def run_review(args: list[str], cwd: Path) -> tuple[int, str]:
    """``translate review ARGS --json FILE -q`` in ``cwd``; (exit code, the report's text)."""
    main = _main_entry()
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp:
        out = Path(tmp) / "report.json"
        argv = ["translate", "review", *args, "--json", str(out), "--quiet"]
        old_argv, old_cwd, old_gc = sys.argv, os.getcwd(), gc.get_threshold()
        code = 0
        try:
            sys.argv = argv
            os.chdir(cwd)
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                try:
                    main()
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        finally:
            sys.argv = old_argv
            os.chdir(old_cwd)
            gc.set_threshold(*old_gc)  # the command tunes the collector for itself
        if not out.exists():
            raise RuntimeError(f"translate {' '.join(argv[1:])} wrote no report (exit {code})")
        return code, out.read_text(encoding="utf-8")


_VERSION = re.compile(r'^(\s*"tool_version": )"[^"]*"', re.M)


def normalise(text: str) -> str:
    """The report's text as written, with only the ``tool_version`` value blanked."""
    json.loads(text)  # it is JSON
    blanked, n = _VERSION.subn(r'\1"<version>"', text, count=1)
    if n != 1:
        raise RuntimeError("the report has no tool_version field")
    return blanked


def _ntrex_docs(corpora: Path) -> list[tuple[str, list[str], list[str], list[str]]]:
    d = corpora / "ntrex128"
    ids = (d / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    vi = (d / "newstest2019-ref.vie.txt").read_text(encoding="utf-8").splitlines()
    nl = (d / "newstest2019-ref.nld.txt").read_text(encoding="utf-8").splitlines()
    mt = (corpora / REALMT).read_text(encoding="utf-8").splitlines()
    docs: list[tuple[str, list[str], list[str], list[str]]] = []
    for doc_id, a, b, c in zip(ids, vi, nl, mt):
        if not docs or docs[-1][0] != doc_id:
            if len(docs) == NTREX_DOCS:
                break
            docs.append((doc_id, [], [], []))
        docs[-1][1].append(a.strip())
        docs[-1][2].append(b.strip())
        docs[-1][3].append(c.strip())
    return docs


def _paragraphs(lines: list[str]) -> str:
    paras = [" ".join(lines[k : k + PARAGRAPH]) for k in range(0, len(lines), PARAGRAPH)]
    return "\n\n".join(paras) + "\n"


def cases(corpora: Path | None, workdir: Path):
    """(name, args, cwd, needs_corpora) of every golden case; the NTREX files are written in ``workdir``."""
    yield "demo", ["corpora/demo/vi.txt", "corpora/demo/nl.txt", "--no-model"], ROOT, False
    if corpora is None:
        return
    seeds = sorted((corpora / "seed").glob("*.txt"))
    if seeds:
        yield "seed", [f"seed/{seeds[0].name}", "--no-model"], corpora, True
    tmp = workdir
    for k, (doc_id, vi, nl, mt) in enumerate(_ntrex_docs(corpora)):
        name = f"ntrex-{k:02d}"
        for suffix, lines in (("vi", vi), ("nl", nl), ("against.nl", mt)):
            (tmp / f"{name}.{suffix}.txt").write_text(_paragraphs(lines), encoding="utf-8")
        yield name, [f"{name}.vi.txt", f"{name}.nl.txt", "--against", f"{name}.against.nl.txt"], tmp, True


def fixture_path(name: str) -> Path:
    return FIXTURES / f"{name}.json.gz"


def read_fixture(name: str) -> str:
    return gzip.decompress(fixture_path(name).read_bytes()).decode("utf-8")


def write_fixture(name: str, text: str) -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same report gives the same bytes (no churn in git)
    fixture_path(name).write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def produce(name: str, args: list[str], cwd: Path) -> str:
    code, report = run_review(args, cwd)
    if code not in (0, 1):
        raise RuntimeError(f"{name}: translate review exited {code}")
    return normalise(report)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the fixtures instead of writing them")
    args = ap.parse_args(argv)
    corpora = corpora_dir()
    if corpora is None:
        print("note: shared corpora not found (set TRANSLATE_CORPORA): only the demo case", file=sys.stderr)
    differ = 0
    with tempfile.TemporaryDirectory(prefix="golden-ntrex-") as workdir:
        for name, review_args, cwd, _ in cases(corpora, Path(workdir)):
            text = produce(name, review_args, cwd)
            if args.check:
                same = fixture_path(name).exists() and read_fixture(name) == text
                differ += not same
                print(f"{name}: {'same' if same else 'DIFFERS'}")
            else:
                write_fixture(name, text)
                print(f"{name}: written ({len(text)} chars)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
