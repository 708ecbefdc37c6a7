"""Stress harness: review a generated 50,000-paragraph document pair model-free.

    python eval/stress.py                      # 50,000 paragraphs, NTREX text if present
    python eval/stress.py --paragraphs 5000    # quicker
    python eval/stress.py --stages             # also time each stage in-process

What it does, printing one table at the end:

1. builds a Vietnamese source and its Dutch rendering of ``--paragraphs``
   paragraphs (1-3 sentences each) from NTREX-128 (``--corpora``, default
   ../shared/corpora or $TRANSLATE_CORPORA), or from a seeded synthetic generator
   when the corpora are absent; every 97th Dutch paragraph is dropped and every
   89th gets an extra sentence, so the aligner has real work;
2. runs ``translate review --no-model -q --json`` on it in a subprocess and reports
   wall time and peak memory: the larger of that process's peak RSS (``wait4``)
   and the peak of the summed PSS of its process tree, sampled every 50 ms (on
   long documents the flag stage forks a second process, see translate.checks.flag);
3. (``--stages``) times read / segment / align / score / flag / JSON in-process;
4. kills a second run with SIGKILL halfway, checks that the report path still
   holds the previous content (never a partial file), reruns, and checks that
   the JSON equals the uninterrupted run's.

Targets from issue 8: under 60 s and under 1 GiB for 50,000 paragraphs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 60.0
TARGET_BYTES = 1 << 30

VI_SYN = "Hà Nội đón hơn triệu lượt khách du lịch trong tháng theo Sở doanh thu đạt tỷ đồng tăng so với cùng kỳ năm trước thành phố tổ chức nhiều lễ hội văn hóa người dân".split()
NL_SYN = "Hanoi ontving meer dan miljoen toeristen in maart volgens het departement bedroeg de omzet miljard dong een stijging ten opzichte van vorig jaar de stad organiseerde festivals".split()


def corpora_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    return Path(os.environ.get("TRANSLATE_CORPORA", ROOT.parent / "shared" / "corpora"))


def sentences(corpora: Path, seed: int) -> tuple[list[str], list[str], str]:
    vi = corpora / "ntrex128" / "newstest2019-ref.vie.txt"
    nl = corpora / "ntrex128" / "newstest2019-ref.nld.txt"
    if vi.is_file() and nl.is_file():
        v = vi.read_text(encoding="utf-8").splitlines()
        n = nl.read_text(encoding="utf-8").splitlines()
        return v, n, f"NTREX-128 ({len(v)} sentences, reused)"
    rng = random.Random(seed)
    v, n = [], []
    for k in range(2000):
        length = rng.randint(6, 25)
        num = f"{rng.randint(1, 999)},{rng.randint(0, 9)}%"
        v.append(" ".join(rng.choice(VI_SYN) for _ in range(length)).capitalize() + f" {num}.")
        n.append(" ".join(rng.choice(NL_SYN) for _ in range(length)).capitalize() + f" {num}.")
    return v, n, "synthetic (corpora absent)"


def generate(paragraphs: int, corpora: Path, out: Path, seed: int = 0) -> tuple[Path, Path, str]:
    vi, nl, origin = sentences(corpora, seed)
    rng = random.Random(seed)
    src_paras, tgt_paras = [], []
    pos = 0
    for p in range(paragraphs):
        k = rng.randint(1, 3)
        idx = [(pos + j) % len(vi) for j in range(k)]
        pos += k
        src_paras.append(" ".join(vi[i] for i in idx))
        tgt = " ".join(nl[i] for i in idx)
        if p % 89 == 88:
            tgt += " Lees ook: meer nieuws op onze website."
        if p % 97 != 96:
            tgt_paras.append(tgt)
    src = out / "stress.vi.txt"
    tgt = out / "stress.nl.txt"
    src.write_text("\n\n".join(src_paras) + "\n", encoding="utf-8")
    tgt.write_text("\n\n".join(tgt_paras) + "\n", encoding="utf-8")
    return src, tgt, origin


def _tree_memory(pid: int) -> int:
    """Proportional set size (bytes) of a process and all its descendants: pages a
    forked child shares with its parent count once, split between them (a sum of
    RSS would count them twice). 0 when /proc cannot tell."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup", encoding="ascii") as fh:
                total += next((int(line.split()[1]) * 1024 for line in fh if line.startswith("Pss:")), 0)
            with open(f"/proc/{p}/task/{p}/children", encoding="ascii") as fh:
                todo += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run_cli(src: Path, tgt: Path, report: Path, kill_after: float | None = None) -> dict:
    cmd = [sys.executable, "-m", "translate.cli.main", "review", "--no-model", "-q", "--json", str(report), str(src), str(tgt)]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), HF_HUB_OFFLINE="1")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    # the review may fork a second process for the flag stage: sample the memory of
    # the whole process tree (wait4's ru_maxrss is only the largest single process)
    peak_tree = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak_tree[0] = max(peak_tree[0], _tree_memory(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    if kill_after is not None:
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    return {"rc": proc.returncode, "wall": wall, "maxrss": usage.ru_maxrss * 1024, "tree": peak_tree[0],
            "stdout": out, "stderr": err}


def stage_times(src: Path, tgt: Path) -> list[tuple[str, float]]:
    """Each stage timed in-process (after imports), one run."""
    sys.path.insert(0, str(ROOT))
    from translate.alignment.aligner import AlignOptions, align
    from translate.checks.flag import FlagConfig, flag
    from translate.read.document import read_document
    from translate.report.core import to_dict
    from translate.score import score_document, score_pairs
    from translate.text.segment import segment_document

    times = []
    t = time.perf_counter()
    sd, td = read_document(src, "vi"), read_document(tgt, "nl")
    times.append(("read (2 files)", time.perf_counter() - t))
    t = time.perf_counter()
    ss, ts = segment_document(sd, "src", "vi"), segment_document(td, "tgt", "nl")
    times.append(("segment", time.perf_counter() - t))
    t = time.perf_counter()
    al = align(ss, ts, None, AlignOptions())
    times.append(("align", time.perf_counter() - t))
    t = time.perf_counter()
    scores = score_pairs(ts, al, None)
    score_document(ts, al, None)
    times.append(("score", time.perf_counter() - t))
    t = time.perf_counter()
    flags = flag(ss, ts, al, None, scores, FlagConfig())
    times.append(("flag", time.perf_counter() - t))
    t = time.perf_counter()
    from translate.data import ReviewResult

    json.dumps(to_dict(ReviewResult(ss, ts, al, None, scores, None, flags, [], {})), ensure_ascii=False)
    times.append(("JSON report", time.perf_counter() - t))
    return times


def fmt_bytes(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--paragraphs", type=int, default=50_000)
    ap.add_argument("--corpora", default=None, help="folder with ntrex128/ (default ../shared/corpora)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--stages", action="store_true", help="also time each stage in-process")
    ap.add_argument("--no-kill", action="store_true", help="skip the kill-and-rerun check")
    ap.add_argument("--workdir", default=None, help="keep generated files here (default: a temporary folder)")
    ap.add_argument("--no-text-cache", action="store_true",
                    help="switch off the checks' per-text caches (TRANSLATE_TEXT_CACHE=0): the generated pair reuses "
                         "NTREX sentences, so this times the checks as if no sentence repeated")
    args = ap.parse_args(argv)
    if args.no_text_cache:
        os.environ["TRANSLATE_TEXT_CACHE"] = "0"

    with tempfile.TemporaryDirectory(prefix="translate-stress-") as tmp:
        work = Path(args.workdir or tmp)
        work.mkdir(parents=True, exist_ok=True)
        src, tgt, origin = generate(args.paragraphs, corpora_dir(args.corpora), work, args.seed)
        size = src.stat().st_size + tgt.stat().st_size
        print(f"input: {args.paragraphs:,} paragraphs, {fmt_bytes(size)} in two files, text from {origin}"
              + (", per-text caches off" if args.no_text_cache else ""))

        report = work / "report.json"
        full = run_cli(src, tgt, report)
        if full["rc"] != 0:
            print(full["stderr"], file=sys.stderr)
            return 1
        summary = full["stdout"].strip().splitlines()[-1]
        rows = [
            ("review wall time (s)", f"{full['wall']:.1f}", f"< {TARGET_SECONDS:.0f}", full["wall"] < TARGET_SECONDS),
            # the larger of the process's own peak RSS and the sampled peak of the
            # whole process tree (a forked flag-stage child included)
            ("review peak memory", fmt_bytes(max(full["maxrss"], full["tree"])), f"< {fmt_bytes(TARGET_BYTES)}",
             max(full["maxrss"], full["tree"]) < TARGET_BYTES),
            ("  largest single process (ru_maxrss)", fmt_bytes(full["maxrss"]), "", None),
            ("  process tree, sampled every 50 ms (PSS)", fmt_bytes(full["tree"]), "", None),
            ("report size", fmt_bytes(report.stat().st_size), "", None),
        ]
        if args.stages:
            for name, secs in stage_times(src, tgt):
                rows.append((f"  stage {name} (s)", f"{secs:.1f}", "", None))
        if not args.no_kill:
            reference = json.loads(report.read_text(encoding="utf-8"))
            killed_report = work / "killed.json"
            killed_report.write_text("previous\n", encoding="utf-8")
            killed = run_cli(src, tgt, killed_report, kill_after=full["wall"] / 2)
            intact = killed_report.read_text(encoding="utf-8") == "previous\n"
            temps = [p.name for p in work.glob(".killed.json.*.tmp")]
            for p in work.glob(".killed.json.*.tmp"):
                p.unlink()
            rows.append(("killed halfway: exit status", str(killed["rc"]), "-9", killed["rc"] == -signal.SIGKILL))
            rows.append(("killed halfway: report path untouched", str(intact), "True", intact))
            rows.append(("killed halfway: leftover temp files", str(len(temps)), "(removed)", None))
            rerun = run_cli(src, tgt, killed_report)
            same = rerun["rc"] == 0 and json.loads(killed_report.read_text(encoding="utf-8")) == reference
            rows.append(("rerun equals uninterrupted run", str(same), "True", same))

    print(summary)
    w = max(len(r[0]) for r in rows)
    print(f"\n| {'check'.ljust(w)} | value | target | ok |")
    print(f"|{'-' * (w + 2)}|-------|--------|----|")
    for name, value, target, ok in rows:
        print(f"| {name.ljust(w)} | {value} | {target} | {'' if ok is None else ('yes' if ok else 'NO')} |")
    return 0 if all(ok is not False for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
