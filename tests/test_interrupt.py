"""Interruptions: Ctrl-C, SIGTERM, SIGKILL and the time limit.

The CLI runs in a subprocess (``translate.cli.main.main``, as the console script does)
with one stage patched to announce itself in a file and then wait, so each signal
arrives at a known point, not after a guessed delay.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from helpers.robust_texts import NL, VI, review, stderr_lines, write

ROOT = Path(__file__).resolve().parents[1]

DRIVER = textwrap.dedent(
    """
    import os, sys, time
    import translate.pipeline as pipeline
    import translate.report.core as report
    ready, where = sys.argv[1], sys.argv[2]

    def wait(*a, **k):
        open(ready, "w").close()
        time.sleep(120)

    if where == "align":
        pipeline.align = wait
    elif where == "rename":  # the report is complete in its temporary file, not yet renamed
        real = os.replace
        def slow_replace(src, dst):
            wait()
            real(src, dst)
        report.os.replace = slow_replace
    sys.argv = ["translate"] + sys.argv[3:]
    from translate.cli.main import main
    main()
    """
)


def start(tmp_path: Path, where: str, *args) -> tuple[subprocess.Popen, Path]:
    ready = tmp_path / f"ready-{where}"
    env = dict(os.environ, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1")
    proc = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(ready), where, *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
    )
    deadline = time.monotonic() + 60
    while not ready.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"driver did not reach {where}: rc={proc.returncode} {out} {err}")
        time.sleep(0.05)
    return proc, ready


@pytest.fixture
def pair(tmp_path):
    return write(tmp_path / "vi.txt", VI), write(tmp_path / "nl.txt", NL)


@pytest.mark.parametrize("sig, code, name", [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "SIGTERM")])
def test_signal_during_review_one_line_no_traceback(tmp_path, pair, sig, code, name):
    out = tmp_path / "report.json"
    proc, _ = start(tmp_path, "align", "review", "--no-model", *pair, "--json", out)
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == code
    assert stderr.splitlines() == [f"interrupted by {name}: stopped before the end, no output written"]
    assert "Traceback" not in stdout + stderr
    assert not out.exists()


def test_ctrl_c_while_writing_leaves_no_files(tmp_path, pair):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "report.json"
    proc, _ = start(tmp_path, "rename", "review", "--no-model", *pair, "--json", out)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert stderr.splitlines() == ["interrupted by Ctrl-C: stopped before the end, no output written"]
    assert list(out_dir.iterdir()) == []  # neither the report nor its temporary file


def test_kill_while_writing_then_rerun_gives_the_uninterrupted_result(tmp_path, pair):
    """SIGKILL cannot be caught: the rename is what keeps the target whole."""
    reference = tmp_path / "reference.json"
    assert review(*pair, "--json", reference).exit_code == 0

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "report.json"
    out.write_text("previous report\n", encoding="utf-8")
    proc, _ = start(tmp_path, "rename", "review", "--no-model", *pair, "--json", out)
    proc.kill()
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert out.read_text(encoding="utf-8") == "previous report\n"  # old file intact, never half-written
    leftovers = [p.name for p in out_dir.iterdir() if p != out]
    assert all(name.startswith(".report.json.") and name.endswith(".tmp") for name in leftovers)

    # the rerun finishes with the same result as an uninterrupted run
    assert review(*pair, "--json", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(reference.read_text(encoding="utf-8"))


def test_time_limit(tmp_path, pair, monkeypatch):
    import translate.pipeline as pipeline

    def slow(*a, **k):
        time.sleep(30)

    monkeypatch.setattr(pipeline, "align", slow)
    before = signal.getsignal(signal.SIGALRM), signal.getsignal(signal.SIGINT)
    t0 = time.monotonic()
    result = review(*pair, "--max-seconds", "0.5")
    assert time.monotonic() - t0 < 10
    assert result.exit_code == 2
    assert stderr_lines(result) == ["error: review stopped after the 0.5 s limit (--max-seconds) (raise the limit or split the input)"]
    # the handlers are restored afterwards
    assert (signal.getsignal(signal.SIGALRM), signal.getsignal(signal.SIGINT)) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


CACHE_DRIVER = textwrap.dedent(
    """
    import sys, time
    import translate.mt.cache as cache
    ready, where = sys.argv[1], sys.argv[2]
    if where == "after-put":  # translations stored; killed later in the run
        real = cache.TranslationCache.put_many
        def put_then_wait(self, *a, **k):
            real(self, *a, **k)
            open(ready, "w").close()
            time.sleep(120)
        cache.TranslationCache.put_many = put_then_wait
    else:  # killed while the model translates, before anything is stored
        real = cache.CachedBackend.translate
        def wait_in_translate(self, sentences):
            open(ready, "w").close()
            time.sleep(120)
        cache.CachedBackend.translate = wait_in_translate
    sys.argv = ["translate"] + sys.argv[3:]
    from translate.cli.main import main
    main()
    """
)


@pytest.fixture(scope="session")
def cache_module():
    return pytest.importorskip("translate.mt.cache")  # the engine's SQLite translation cache


@pytest.mark.slow  # a model review, a killed subprocess and a rerun: 4-13 s each
@pytest.mark.parametrize("where", ["after-put", "in-translate"])
def test_kill_during_cached_review_then_resume(tmp_path, pair, cache_module, tiny_model, where):
    """SIGKILL with the SQLite translation cache open: the cache stays consistent and
    the rerun gives the same result as an uninterrupted run with a fresh cache."""
    cache = cache_module
    from typer.testing import CliRunner

    from translate.cli.main import app

    def run(db: Path, out: Path):
        return CliRunner().invoke(app, ["review", "--model", str(tiny_model), "--cache", str(db), *map(str, pair), "--json", str(out), "-q"])

    reference = tmp_path / "reference.json"
    assert run(tmp_path / "fresh.sqlite", reference).exit_code == 0

    db = tmp_path / "cache.sqlite"
    out = tmp_path / "report.json"
    ready = tmp_path / "ready"
    env = dict(os.environ, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1")
    proc = subprocess.Popen(
        [sys.executable, "-c", CACHE_DRIVER, str(ready), where, "review", "--model", str(tiny_model), "--cache", str(db),
         *map(str, pair), "--json", str(out), "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    deadline = time.monotonic() + 120
    while not ready.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"driver did not reach {where}: {proc.communicate()}")
        time.sleep(0.05)
    proc.kill()
    proc.communicate(timeout=30)
    assert not out.exists()
    store = cache.TranslationCache(db)
    assert store.integrity_ok()
    stored = store.count()
    store.close()
    assert (stored > 0) == (where == "after-put")

    assert run(db, out).exit_code == 0
    resumed = json.loads(out.read_text(encoding="utf-8"))
    uninterrupted = json.loads(reference.read_text(encoding="utf-8"))
    # model_use says what came from the cache this time; everything else must be identical
    resumed["meta"].pop("model_use", None)
    uninterrupted["meta"].pop("model_use", None)
    assert resumed == uninterrupted
