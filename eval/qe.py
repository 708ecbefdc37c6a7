"""Quality estimation of real machine renderings: does the per-link risk find the sentences that need work?

Setup (FLORES-200 devtest, the open half in ../shared/corpora/realmt): the rendering under
review is one real system's output (default NLLB-200 3.3B), the re-translation(s) are other
real systems' outputs, given with ``--against`` exactly as a user would: every article is
written as raw files (source, rendering, re-translations) and reviewed with
``translate.pipeline.review`` (segmentation, the aligner, content pairing of the
re-translations, scores, checks, risk).

Truth per source line: the rendering's sentence chrF against the human reference; the
bottom ``--bottom`` share (10 %) "needs work", and so does every line with a hard error
visible in the files: byte tokens, a word loop, or a clause drop by length (the rendering
under half the reference's length).

Reported, for 1, 2 and 3 re-translations: Spearman of the risk against the reference chrF
(negated), ROC AUC of the risk for "needs work", and precision when flagging as many lines
as need work; the baseline, measured in the same run, is plain sentence chrF against the
first re-translation, as the review pairs it (per link, the lowest over a line's links). A
diagnostic row gives the same chrF on the gold lines (the whole rendering line against the
whole re-translation line: no segmentation, no aligner, and a line that lost a sentence is
scored as one piece), which no user gets but which shows how much of the gap is pairing.
Exits 1 when the risk does not beat the baseline's AUC by
``--margin`` and its Spearman with 1, 2 and 3 re-translations.

    .venv/bin/python eval/qe.py                       # the full open half (140 articles)
    TRANSLATE_CORPORA=/work/shared/corpora .venv/bin/python eval/qe.py --limit 30            # first 30 articles, while iterating
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
from sacrebleu.metrics import CHRF

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from translate.mt.stage import decode_byte_tokens  # noqa: E402
from translate.pipeline import ReviewOptions, review  # noqa: E402

DATA = Path(os.environ.get("TRANSLATE_CORPORA", str(ROOT.parent / "shared" / "corpora"))) / "realmt" / "flores200-devtest-open"
SYSTEMS = {
    "nllb33": "nllb-200-3.3B.nld",
    "nllb13": "nllb-200-distilled-1.3B.nld",
    "opus": "opus-mt-tc-bible-big-mul-deu_eng_nld.nld",  # raw, with byte tokens: --against decodes them
    "pivot": "opus-mt-en-nl.from-eng.nld",
}
_BYTES = re.compile(r"<0x[0-9A-Fa-f]{2}>")
_LOOP = re.compile(r"\b(\w{3,}(?:\s+\w+){0,2})(?:\s+\1\b){1,}", re.IGNORECASE | re.UNICODE)


def _lines(name: str) -> list[str]:
    return (DATA / name).read_text(encoding="utf-8").splitlines()


def _rank(x: np.ndarray) -> np.ndarray:
    order = np.argsort(x, kind="mergesort")
    r = np.empty(len(x))
    r[order] = np.arange(len(x))
    for v in np.unique(x):  # ties share their mean rank
        m = x == v
        if m.sum() > 1:
            r[m] = r[m].mean()
    return r


def spearman(a, b) -> float:
    return float(np.corrcoef(_rank(np.asarray(a, float)), _rank(np.asarray(b, float)))[0, 1])


def auc(labels, scores) -> float:
    """ROC AUC by the rank-sum (Mann-Whitney) identity; ties count half."""
    y = np.asarray(labels, bool)
    r = _rank(np.asarray(scores, float))
    n1, n0 = int(y.sum()), int((~y).sum())
    return float((r[y].sum() - n1 * (n1 - 1) / 2) / (n1 * n0))


def precision_at(labels, scores, n: int) -> float:
    top = np.argsort(-np.asarray(scores, float), kind="mergesort")[:n]
    return float(np.asarray(labels, bool)[top].mean())


def articles(limit: int | None) -> list[list[int]]:
    urls = [row.split("\t")[1] for row in _lines("metadata.tsv")[1:]]
    groups: OrderedDict[str, list[int]] = OrderedDict()
    for i, u in enumerate(urls):
        groups.setdefault(u, []).append(i)
    out = list(groups.values())
    return out[:limit] if limit else out


def line_values(result, n_lines: int, line_of_src_seg: list[int]):
    """Per source line: the risk (worst over its links) and the baseline chrF (lowest)."""
    risk = np.full(n_lines, np.nan)
    base = np.full(n_lines, np.nan)
    for k, link in enumerate(result.alignment.links):
        lines = {line_of_src_seg[i] for i in link.src}
        r = result.risks[k] if k < len(result.risks) else None
        s = result.scores[k]
        for ln in lines:
            if r is not None:
                risk[ln] = r.score if np.isnan(risk[ln]) else max(risk[ln], r.score)
            if s is not None:
                base[ln] = s.chrf if np.isnan(base[ln]) else min(base[ln], s.chrf)
    return risk, base


def run(rendering: str, againsts: list[str], limit: int | None) -> tuple[np.ndarray, np.ndarray]:
    src, rend = _lines("SOURCE.vie"), _lines(SYSTEMS[rendering])
    others = [_lines(SYSTEMS[a]) for a in againsts]
    risks, bases = [], []
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        for art in articles(limit):
            (d / "vi.txt").write_text("\n".join(src[i] for i in art) + "\n", encoding="utf-8")
            (d / "nl.txt").write_text("\n".join(rend[i] for i in art) + "\n", encoding="utf-8")
            paths = []
            for j, o in enumerate(others):
                p = d / f"re{j}.txt"
                p.write_text("\n".join(o[i] for i in art) + "\n", encoding="utf-8")
                paths.append(str(p))
            opt = ReviewOptions(model=None, against=paths if len(paths) > 1 else paths[0], check_languages=False)
            result = review(str(d / "vi.txt"), str(d / "nl.txt"), opt)
            # which line each source segment came from (one article line per paragraph line)
            starts = np.cumsum([0] + [len(src[i]) + 1 for i in art])
            seg_line = [int(np.searchsorted(starts, seg.start, side="right") - 1) for seg in result.source.segments]
            r, b = line_values(result, len(art), seg_line)
            risks.append(r)
            bases.append(b)
    return np.concatenate(risks), np.concatenate(bases)


def truth(rendering: str, limit: int | None, bottom: float):
    rows = [i for art in articles(limit) for i in art]
    ref, rend = _lines("REFERENCE.nld"), _lines(SYSTEMS[rendering])
    chrf = CHRF()
    c = np.array([chrf.sentence_score(rend[i], [ref[i]]).score for i in rows])
    hard = np.array([bool(_BYTES.search(rend[i]) or _LOOP.search(rend[i]) or len(rend[i]) < 0.5 * len(ref[i])) for i in rows])
    need = (c <= np.quantile(c, bottom)) | hard
    return c, need, int(hard.sum())


def gold_line_chrf(rendering: str, against: str, limit: int | None) -> np.ndarray:
    """Diagnostic: chrF of each whole rendering line against the whole re-translation line."""
    rows = [i for art in articles(limit) for i in art]
    rend, other = _lines(SYSTEMS[rendering]), _lines(SYSTEMS[against])
    chrf = CHRF()
    return np.array([chrf.sentence_score(rend[i], [decode_byte_tokens(other[i])]).score for i in rows])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rendering", default="nllb33", choices=sorted(SYSTEMS))
    ap.add_argument("--against", nargs="+", default=["opus", "nllb13", "pivot"], choices=sorted(SYSTEMS),
                    help="re-translations in order; measured with the first 1, 2, ... of them")
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--bottom", type=float, default=0.10)
    ap.add_argument("--margin", type=float, default=0.02, help="AUC the risk must gain over the baseline")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"error: {DATA} is missing (the realmt corpora)", file=sys.stderr)
        return 2
    if args.rendering in args.against:
        print("error: the rendering cannot be its own re-translation", file=sys.stderr)
        return 2
    ref_chrf, need, hard = truth(args.rendering, args.limit, args.bottom)
    n_need = int(need.sum())
    print(f"rendering {args.rendering}; {len(need)} lines, {n_need} need work ({hard} with hard errors)")
    print(f"{'re-translations':<28} {'signal':<10} {'Spearman':>9} {'AUC':>6} {'P@' + str(n_need):>7}  covered")
    ok = True
    baseline = None
    for m in range(1, len(args.against) + 1):
        used = args.against[:m]
        risk, base = run(args.rendering, used, args.limit)
        have = ~np.isnan(risk)
        # a line with no pair (omitted) gets the top risk: the review flags it as an omission
        risk = np.where(have, risk, 1.0)
        b = np.where(np.isnan(base), -1.0, base)
        if baseline is None:
            baseline = (spearman(-b, -ref_chrf), auc(need, -b), precision_at(need, -b, n_need))
            print(f"{'+'.join(used):<28} {'chrF':<10} {baseline[0]:>9.3f} {baseline[1]:>6.3f} {baseline[2]:>7.3f}  {int((~np.isnan(base)).sum())}")
            g = -gold_line_chrf(args.rendering, used[0], args.limit)
            print(f"{'  (diagnostic: gold lines)':<28} {'chrF':<10} {spearman(g, -ref_chrf):>9.3f} {auc(need, g):>6.3f} "
                  f"{precision_at(need, g, n_need):>7.3f}  {len(g)}")
        sp, a, p = spearman(risk, -ref_chrf), auc(need, risk), precision_at(need, risk, n_need)
        print(f"{'+'.join(used):<28} {'risk':<10} {sp:>9.3f} {a:>6.3f} {p:>7.3f}  {int(have.sum())}")
        if a < baseline[1] + args.margin or sp < baseline[0]:
            ok = False
    print("target: risk AUC >= baseline AUC + %.2f and Spearman >= baseline, with every count of re-translations: %s"
          % (args.margin, "met" if ok else "MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
