"""The eval harness itself: corruption keeps gold consistent; a small NTREX run stays accurate."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

from translate.alignment.aligner import AlignOptions

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ev():
    spec = importlib.util.spec_from_file_location("eval_align", ROOT / "eval" / "align.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_align"] = module
    spec.loader.exec_module(module)
    return module


def test_corruption_gold_covers_everything(ev):
    vi = [f"Câu số {k} nói về chuyện {k}, và thêm vài chữ nữa cho đủ dài." for k in range(40)]
    nl = [f"Zin nummer {k} gaat over zaak {k}, en nog een paar woorden erbij zodat hij lang genoeg is." for k in range(40)]
    case = ev.corrupt("doc", vi, nl, ["Een andere titel"], random.Random(3), p_merge=0.2, p_split=0.2, p_drop=0.1)
    src = [i for s, _ in case.gold for i in s]
    tgt = [j for _, t in case.gold for j in t]
    assert src == list(range(len(case.source.segments)))
    assert tgt == list(range(len(case.target.segments)))
    kinds = {f"{len(s)}:{len(t)}" for s, t in case.gold}
    assert {"1:1", "2:1", "1:2", "1:0", "0:1"} <= kinds
    assert ev.score_links(case.gold, case.gold)["strict_f1"] == 1.0


def test_scores_follow_vecalign_definitions(ev):
    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), ())]
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ())]
    r = ev.score_links(gold, test)
    # precision over every predicted link; recall (Vecalign's score_multiple) over
    # the gold links with both sides non-empty only
    assert r["strict_p"] == pytest.approx(2 / 4) and r["strict_r"] == pytest.approx(1 / 2)
    assert r["lax_p"] == pytest.approx(3 / 4) and r["lax_r"] == pytest.approx(2 / 2)
    # the harness's older, stricter recall counts the gold 1:0 too
    assert r["all_strict_r"] == pytest.approx(2 / 3) and r["all_lax_r"] == pytest.approx(3 / 3)
    # a missed 0:1 (glued onto a pair) costs precision and "all links" recall only
    gold = [((0,), (0,)), ((), (1,)), ((1,), (2,))]
    test = [((0,), (0, 1)), ((1,), (2,))]
    r = ev.score_links(gold, test)
    assert r["strict_p"] == pytest.approx(1 / 2) and r["strict_r"] == pytest.approx(1 / 2)
    assert r["lax_p"] == 1.0 and r["lax_r"] == 1.0
    assert r["all_lax_r"] == pytest.approx(2 / 3)


def test_small_ntrex_run(ev, corpora):
    if not (corpora / "ntrex128").is_dir():
        pytest.skip("NTREX not found")
    cases = ev.build_cases(ev.load_ntrex(corpora)[:15], 13)
    r = ev.evaluate(cases, AlignOptions())
    assert r["strict_f1"] >= 0.93 and r["lax_f1"] >= 0.95
    base = ev.evaluate(cases, ev.systems()[0][1])
    assert base["strict_f1"] < r["strict_f1"]


def test_e2e_raw_cases_gold_and_projection(ev, corpora, tmp_path):
    if not (corpora / "realmt" / "flores200-devtest-open").is_dir():
        pytest.skip("realmt not found")
    cases = ev.build_raw_cases(corpora, 13, limit=3)
    assert all(cases[f] for f in ("news", "flores", "posts"))
    for fam, cs in cases.items():
        for c in cs:
            # every gold unit in exactly one gold link, in order; spans point at the unit text
            assert [i for s, _ in c.gold for i in s] == list(range(len(c.src.units)))
            assert [j for _, t in c.gold for j in t] == list(range(len(c.tgt.units)))
            assert len(c.ag.units) == len(c.src.units)
            text = c.src.text()
            assert all(text[a:b].strip() == text[a:b] and text[a:b] for a, b, _ in c.src.units)
            # the end-to-end path covers every unit once, in order, after projection
            test, _ = ev.run_raw(c, tmp_path, "plain")
            assert [i for s, _ in test for i in s] == list(range(len(c.src.units))), fam
            assert [j for _, t in test for j in t] == list(range(len(c.tgt.units))), fam


def test_projection_merges_links_that_share_a_unit(ev):
    # the segmenter cut source unit 1 in two; both halves' links merge into one
    links = [([0], [0]), ([1], [1]), ([1], []), ([2], [2])]
    assert ev.project(links, [], []) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    # a segment spanning two units gives a 2:1 over units
    assert ev.project([([0, 1], [0])], [], []) == [((0, 1), (0,))]
