"""Measure the negation check pair by pair, per corpus: clean false alarms and recall.

Every clean (vi, nl) line of NTREX-128, FLORES-200 dev and the FLORES devtest open half is
judged by ``translate.checks.meaning.negation_verdict`` as the ``negation-mismatch`` check
does, with the re-translation of each mode: none (free), the human reference (oracle, an
upper bound), or a real vi->nl system's line (realmt/: OPUS-MT on NTREX and the open half,
NLLB-3.3B and NLLB-1.3B on the open half). A warning is a strong verdict (what the check
shows); "note" is any verdict, confirmed or not (measured, not shown: the model-free rule's
own false-alarm rate and recall, "note recall"). Recall: eval/flags.py's negation corruption (a Dutch negation removed, or
"niet" added after a finite verb) on every line where it applies, one seeded draw per
line and seed, pooled over the seeds; the same lines are clean for the false-alarm rate.
The end-to-end figures (segmentation, aligner, every check) are eval/flags.py's.

    python eval/meaning.py [--corpora ../shared/corpora] [--seeds 4]

Exits 1 when a mode with a real re-translation, or the model-free one (which warns too since the
finite-verb rule), gives warnings on more than 0.3 % of the clean lines (the target of the check).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from flags import _NL_NEG, _negate, load_sets, wilson  # noqa: E402
from translate.checks.meaning import negation_verdict  # noqa: E402
from translate.read.document import normalize  # noqa: E402

CLEAN_TARGET = 0.003


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", default=os.environ.get("TRANSLATE_CORPORA", str(ROOT.parent / "shared" / "corpora")))
    ap.add_argument("--seeds", type=int, default=4)
    args = ap.parse_args(argv)
    corpora = Path(args.corpora)
    if not (corpora / "ntrex128").is_dir():
        print(f"error: corpora not found at {corpora} (pass --corpora PATH)", file=sys.stderr)
        return 2
    modes = ["free", "oracle", "opus-mt", "nllb-3.3B", "nllb-1.3B"]
    n: Counter = Counter()
    warn: Counter = Counter()
    note: Counter = Counter()
    rn: Counter = Counter()
    rec: Counter = Counter()
    rec_note: Counter = Counter()
    for cname, docs, systems in load_sets(corpora):
        for di, doc in enumerate(docs):
            for li, (vi, nl, _) in enumerate(doc):
                vi, nl = normalize(vi)[0], normalize(nl)[0]
                for m in modes:
                    if m == "free":
                        retrans: tuple[str, ...] = ()
                    elif m == "oracle":
                        retrans = (nl,)
                    elif m in systems:
                        retrans = (normalize(systems[m][di][li])[0],)
                    else:
                        continue
                    v = negation_verdict(vi, nl, retrans)
                    n[m, cname] += 1
                    warn[m, cname] += bool(v and v.strong)
                    note[m, cname] += v is not None
                    for seed in range(args.seeds):
                        got = _negate(nl, random.Random(f"{seed}:{cname}:{di}:{li}"))
                        if got is None:
                            continue
                        kind = "removed" if _NL_NEG.search(nl) else "added"
                        rn[m, cname, kind] += 1
                        v = negation_verdict(vi, got[1], retrans)
                        rec[m, cname, kind] += bool(v and v.strong)
                        rec_note[m, cname, kind] += v is not None
    ok = True
    print(f"negation-mismatch pair by pair ({args.seeds} seeds for recall); warning = confirmed by the re-translation\n")
    print(f"{'mode':<10}{'corpus':<13}{'clean lines':>12}{'warning FA':>22}{'note FA':>10}{'recall removed':>24}{'recall added':>24}"
          f"{'note recall rem/add':>22}")
    for m in modes:
        for cname in ("ntrex", "flores-dev", "flores-open"):
            k = n[m, cname]
            if not k:
                continue
            lo, hi = wilson(warn[m, cname], k)
            fa = warn[m, cname] / k
            row = f"{m:<10}{cname:<13}{k:>12}{f'{fa:.2%} [{lo:.2%}-{hi:.2%}]':>22}{note[m, cname] / k:>10.2%}"
            for kind in ("removed", "added"):
                t = rn[m, cname, kind]
                row += f"{(f'{rec[m, cname, kind] / t:.3f} n{t}' if t else '-'):>24}"
            row += "    " + " / ".join(f"{rec_note[m, cname, kind] / max(1, rn[m, cname, kind]):.3f}" for kind in ("removed", "added"))
            print(row)
        tot = sum(n[m, c] for c in ("ntrex", "flores-dev", "flores-open"))
        if tot and m != "oracle":
            fa = sum(warn[m, c] for c in ("ntrex", "flores-dev", "flores-open")) / tot
            if fa > CLEAN_TARGET:
                ok = False
                print(f"  ! {m}: {fa:.2%} of clean lines warned, target <= {CLEAN_TARGET:.1%}")
    print("\nresult: " + ("target met" if ok else "MISS"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
