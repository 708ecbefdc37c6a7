"""The flag stage in two processes gives exactly the flags of one process."""

from __future__ import annotations

import os
import sys

import pytest

import translate.checks.flag as F
from translate.alignment.aligner import align
from translate.read.document import read_document
from translate.score import score_pairs
from translate.text.segment import segment_document

from conftest import DEMO

pytestmark = pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(),
                                reason="no fork on this platform")


@pytest.fixture(scope="module")
def demo():
    src = segment_document(read_document(DEMO / "vi.txt", "vi"), "src", "vi")
    # the demo rendering has planted problems that both process groups find
    tgt = segment_document(read_document(DEMO / "nl.txt", "nl"), "tgt", "nl")
    al = align(src, tgt)
    return src, tgt, al, score_pairs(tgt, al, None)


def _flags(demo):
    src, tgt, al, scores = demo
    return [(f.code, f.severity, f.message, f.link, f.evidence, f.score, f.key) for f in F.flag(src, tgt, al, None, scores)]


def _one_process(demo, monkeypatch):
    monkeypatch.setenv("TRANSLATE_WORKERS", "1")
    return _flags(demo)


def _allow_fork(monkeypatch):
    """Two workers, whatever the document's size and whatever earlier tests loaded."""
    monkeypatch.setenv("TRANSLATE_WORKERS", "2")
    monkeypatch.setattr(F, "PARALLEL_MIN_LINKS", 0)
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    monkeypatch.delitem(sys.modules, "ctranslate2", raising=False)


def test_forked_equals_one_process(demo, monkeypatch, tmp_path):
    one = _one_process(demo, monkeypatch)
    _allow_fork(monkeypatch)
    real = F._child_main
    mark = tmp_path / "forked"

    def child():
        mark.write_text(str(os.getpid()))
        real()

    monkeypatch.setattr(F, "_child_main", child)
    assert F._can_fork()
    two = _flags(demo)
    assert mark.exists() and int(mark.read_text()) != os.getpid(), "the forked checks ran in another process"
    assert two == one
    assert {c for c, *_ in one} & F.FORKED_CHECKS, "the demo must exercise a forked check"


def test_dead_child_falls_back_to_one_process(demo, monkeypatch):
    one = _one_process(demo, monkeypatch)
    _allow_fork(monkeypatch)
    monkeypatch.setattr(F, "_child_main", lambda: os._exit(3))
    assert _flags(demo) == one


def test_no_fork_with_a_model_runtime_loaded(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", object())
    assert not F._can_fork()


def test_workers_from_environment(monkeypatch):
    monkeypatch.setenv("TRANSLATE_WORKERS", "1")
    assert F.workers() == 1
    monkeypatch.setenv("TRANSLATE_WORKERS", "nonsense")
    assert F.workers() == min(2, os.cpu_count() or 1)
