"""Harness: does `translate compare` rank systems and call significance as it must?

On NTREX-128 Dutch (../shared/corpora/ntrex128, 1,997 segments in 123 documents) it
builds four systems whose true order is known:

    reference   the Dutch reference itself (upper bound: BLEU/chrF 100, TER 0)
    noisy-0.1   the reference corrupted at rate 0.1 (seed 1)
    noisy-0.1b  the reference corrupted at rate 0.1 with another seed (2): a control
                that differs from noisy-0.1 only by chance
    noisy-0.3   the reference corrupted at rate 0.3 (seed 3)

Corruption (small and self-contained on purpose): each word is, with probability
``rate``, dropped, swapped with the next word, or (numbers) replaced by another
number. It then runs the real command line

    translate compare --source VI --ref NL --docids IDS reference noisy-0.1 ... --baseline noisy-0.1

prints its terminal output, and checks from its JSON that the ranking is
reference > noisy-0.1 ~ noisy-0.1b > noisy-0.3 on every metric, that reference and
noisy-0.3 differ significantly from the baseline on every metric with both tests,
and that the control noisy-0.1b is not significantly different on chrF2 (it may be,
by chance, in about 5% of seeds). Exit 1 when a must-hold check fails.

    python eval/compare.py [--corpora ../shared/corpora] [--out out/eval-compare]
                           [--paired-bs 1000] [--paired-ar 10000] [--seed 12345]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
METRICS = ("BLEU", "chrF2", "chrF2++", "TER")
_NUMBER = re.compile(r"\d")


def corrupt_line(line: str, rate: float, rng: random.Random) -> str:
    words = line.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if rng.random() < rate:
            if _NUMBER.search(w):
                # change every digit run to another number of the same length
                out.append(re.sub(r"\d+", lambda m: str(rng.randrange(10 ** len(m.group()))).zfill(len(m.group())) if m.group() != "0" else "1", w))
            else:
                op = rng.choice(("drop", "swap"))
                if op == "swap" and i + 1 < len(words):
                    out.extend([words[i + 1], w])
                    i += 2
                    continue
                # drop (also a swap at the last word)
            i += 1
            continue
        out.append(w)
        i += 1
    return " ".join(out)


def corrupt(lines: list[str], rate: float, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [corrupt_line(line, rate, rng) for line in lines]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", default=os.environ.get("TRANSLATE_CORPORA", str(ROOT.parent / "shared" / "corpora")))
    ap.add_argument("--out", default=str(ROOT / "out" / "eval-compare"))
    ap.add_argument("--paired-bs", type=int, default=1000)
    ap.add_argument("--paired-ar", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=12345)
    args = ap.parse_args(argv)

    nt = Path(args.corpora) / "ntrex128"
    ref_path, src_path, ids_path = nt / "newstest2019-ref.nld.txt", nt / "newstest2019-ref.vie.txt", nt / "DOCUMENT_IDS.tsv"
    for p in (ref_path, src_path, ids_path):
        if not p.is_file():
            print(f"error: {p} not found (give --corpora PATH or set TRANSLATE_CORPORA)", file=sys.stderr)
            return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    ref = ref_path.read_text(encoding="utf-8").split("\n")
    if ref and ref[-1] == "":
        ref.pop()
    systems = {
        "noisy-0.1": corrupt(ref, 0.1, 1),
        "noisy-0.1b": corrupt(ref, 0.1, 2),
        "noisy-0.3": corrupt(ref, 0.3, 3),
    }
    paths = [str(ref_path)]
    for name, lines in systems.items():
        p = out / f"{name}.txt"
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(str(p))
    json_path, html_path = out / "compare.json", out / "compare.html"
    cmd = [
        "translate", "compare", "--source", str(src_path), "--ref", str(ref_path), "--docids", str(ids_path),
        *paths, "--name", "reference", *[x for n in systems for x in ("--name", n)],
        "--baseline", "noisy-0.1", "--paired-bs", str(args.paired_bs), "--paired-ar", str(args.paired_ar),
        "--seed", str(args.seed), "--json", str(json_path), "--html", str(html_path),
    ]
    print("$ " + " ".join(shlex.quote(c) for c in cmd), flush=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), COLUMNS="80")
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "translate.cli.main", *cmd[1:]], env=env, text=True, capture_output=True)
    elapsed = time.perf_counter() - t0
    sys.stdout.write(r.stdout)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        return 2
    print(f"(compare took {elapsed:.1f} s; JSON {json_path}, HTML {html_path})\n")

    d = json.loads(json_path.read_text(encoding="utf-8"))
    scores = {s["name"]: s["scores"] for s in d["systems"]}
    tests = {t["test"]: t["results"] for t in d["significance"]}
    checks: list[tuple[str, str, str, bool, bool]] = []  # what, expected, got, ok, must

    def better(a: str, b: str, m: str) -> bool:
        return scores[a][m] < scores[b][m] if m == "TER" else scores[a][m] > scores[b][m]

    for m in METRICS:
        order = sorted(scores, key=lambda n: scores[n][m], reverse=m != "TER")
        ok = better("reference", "noisy-0.1", m) and better("noisy-0.1", "noisy-0.3", m) and better("noisy-0.1b", "noisy-0.3", m)
        ok = ok and better("reference", "noisy-0.1b", m)
        checks.append((f"ranking by {m}", "reference > noisy-0.1, 0.1b > noisy-0.3", " > ".join(order), ok, True))
    for kind in ("bs", "ar"):
        if kind not in tests:
            continue
        for name in ("reference", "noisy-0.3"):
            ps = {m: tests[kind][name][m]["p_value"] for m in METRICS}
            ok = all(p is not None and p < 0.05 for p in ps.values())
            got = ", ".join(f"{m} {p:.4f}" for m, p in ps.items())
            checks.append((f"{name} vs noisy-0.1 ({kind})", "p < 0.05 on all metrics", got, ok, True))
        p = tests[kind]["noisy-0.1b"]["chrF2"]["p_value"]
        checks.append((f"noisy-0.1b vs noisy-0.1 ({kind}, chrF2)", "p >= 0.05 (same process)", f"{p:.4f}", p >= 0.05, False))
    if d["documents"]:
        wins = sum(1 for doc in d["documents"] if doc["scores"]["noisy-0.1"]["chrF2"] > doc["scores"]["noisy-0.3"]["chrF2"])
        checks.append(("documents where noisy-0.1 > noisy-0.3 (chrF2)", f"most of {len(d['documents'])}", str(wins), wins > 0.9 * len(d["documents"]), True))

    w = max(len(c[0]) for c in checks)
    print(f"{'check':<{w}}  {'expected':<40}  ok    got")
    failed = 0
    for what, expected, got, ok, must in checks:
        mark = "yes" if ok else ("NO" if must else "no*")
        failed += (not ok) and must
        print(f"{what:<{w}}  {expected:<40}  {mark:<4}  {got}")
    print("(* a control that may fail by chance; not counted)")
    print(f"\n{len(checks) - failed}/{len(checks)} checks hold" + ("" if not failed else f"; {failed} must-hold check(s) FAILED"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
