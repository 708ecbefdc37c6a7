"""Corpus throughput of `translate review-corpus`: 1 and 2 workers and a local Ray cluster.

Builds document pairs from NTREX-128, FLORES-200 devtest (open half) and FLORES-200 dev
(../shared/corpora): consecutive lines of one article make a document. NTREX and devtest
documents carry the real OPUS-MT vi->nl output (../shared/corpora/realmt) as their against
file, so no model weights are needed; FLORES dev has no vi->nl system output, so those
documents are reviewed model-free. Every run goes through the CLI, as users run it, into a
fresh output folder. Also: a kill -9 halfway and the time the rerun takes to finish, and
(--tiny) a smaller run on the model path with the tiny random Marian model.

    python eval/corpus.py [--docs 1000] [--lines 3] [--no-ray] [--tiny 0]

Exits 1 when 2 workers are under 1.7x one worker or Ray's overhead over local 2 workers
is above 20%. The machine may be shared: the table prints the load average. Ray's overhead is also
split into its fixed part (a run of 24 documents, local and on Ray: interpreter, imports, worker
start-up, shutdown) and the rest, for reading; the target applies to the whole run.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lines(p: Path) -> list[str]:
    return p.read_text(encoding="utf-8").splitlines()


def _groups(keys: list[str], n: int) -> list[list[int]]:
    """Runs of consecutive lines of one article, cut into documents of n lines."""
    out, start = [], 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            idx = list(range(start, i))
            out += [idx[j:j + n] for j in range(0, len(idx), n)]
            start = i
    return out


def build(corpora: Path, out: Path, docs: int, n: int) -> tuple[int, int]:
    rm = corpora / "realmt"
    sources = []
    nt = corpora / "ntrex128"
    sources.append(("ntrex", _lines(nt / "newstest2019-ref.vie.txt"), _lines(nt / "newstest2019-ref.nld.txt"),
                    _lines(rm / "ntrex128" / "opus-mt-tc-bible-big-mul-deu_eng_nld.bytefallback-decoded.nld"),
                    [l.strip() for l in _lines(nt / "DOCUMENT_IDS.tsv")]))
    dt = rm / "flores200-devtest-open"
    meta = list(csv.reader(open(dt / "metadata.tsv", encoding="utf-8"), delimiter="\t"))[1:]
    sources.append(("devtest", _lines(dt / "SOURCE.vie"), _lines(dt / "REFERENCE.nld"),
                    _lines(dt / "opus-mt-tc-bible-big-mul-deu_eng_nld.bytefallback-decoded.nld"), [r[1] for r in meta]))
    fd = corpora / "flores200-dev"
    meta = list(csv.reader(open(fd / "metadata_dev.tsv", encoding="utf-8"), delimiter="\t"))[1:]
    sources.append(("dev", _lines(fd / "vie.dev"), _lines(fd / "nld.dev"), None, [r[0] for r in meta]))
    per_source = [[(name, g) for g in _groups(keys, n)] for name, _, _, _, keys in sources]
    picked = []
    while len(picked) < docs and any(per_source):  # round-robin over the three sets
        for lst in per_source:
            if lst and len(picked) < docs:
                picked.append(lst.pop(0))
    by_name = {s[0]: s for s in sources}
    out.mkdir(parents=True, exist_ok=True)
    sentences = 0
    for k, (name, idx) in enumerate(picked):
        _, vi, nl, ag, _ = by_name[name]
        stem = out / f"{name}-{k:04d}"
        Path(f"{stem}.vi.txt").write_text("\n".join(vi[i] for i in idx) + "\n", encoding="utf-8")
        Path(f"{stem}.nl.txt").write_text("\n".join(nl[i] for i in idx) + "\n", encoding="utf-8")
        if ag is not None:
            Path(f"{stem}.against.nl.txt").write_text("\n".join(ag[i] for i in idx) + "\n", encoding="utf-8")
        sentences += len(idx)
    return len(picked), sentences


def _tree_memory(pid: int) -> tuple[int, int]:
    """(PSS of the process tree, largest single process PSS) in bytes, from /proc.
    Ray's workers are children of the raylet, not of the command: not counted."""
    total, largest, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup", encoding="ascii") as fh:
                pss = next((int(line.split()[1]) * 1024 for line in fh if line.startswith("Pss:")), 0)
            total, largest = total + pss, max(largest, pss)
            for task in os.listdir(f"/proc/{p}/task"):  # a pool starts its workers from any thread
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total, largest


def run(args: list[str], kill_when=None) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), HF_HUB_OFFLINE="1")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "translate.cli.main", "review-corpus", *args, "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peak = [0, 0]
    stop = threading.Event()

    def sample() -> None:
        # every 0.5 s: reading smaps_rollup costs ~2.5 ms per 140 MiB process, and sampling three
        # processes every 0.1 s took ~4 % of the two cores from the very workers being timed
        while not stop.wait(0.5):
            t, big = _tree_memory(proc.pid)
            peak[0], peak[1] = max(peak[0], t), max(peak[1], big)
            if kill_when is not None and kill_when():
                proc.send_signal(signal.SIGKILL)
                return

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, err = proc.communicate()
    stop.set()
    th.join()
    return {"rc": proc.returncode, "wall": time.perf_counter() - t0, "tree": peak[0], "largest": peak[1],
            "stdout": out.decode(), "stderr": err.decode()}


def mib(n: int) -> str:
    return f"{n / 2**20:.0f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", default=os.environ.get("TRANSLATE_CORPORA", str(ROOT.parent / "shared" / "corpora")))
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--lines", type=int, default=3, help="lines (sentences) per document")
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--tiny", type=int, default=0, help="also run this many documents through the tiny model (MT path)")
    a = ap.parse_args(argv)
    corpora = Path(a.corpora)
    if not (corpora / "realmt").is_dir():
        print(f"error: corpora not found at {corpora}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="corpus-eval-"))
    ndocs, nsent = build(corpora, work / "in", a.docs, a.lines)
    print(f"{ndocs} documents, {nsent} sentence pairs (NTREX + FLORES devtest-open with real OPUS-MT as against; FLORES dev model-free)")
    rows: list[tuple[str, dict]] = []
    failures = []

    def measure(label: str, extra: list[str], src: Path = work / "in", n: int = ndocs) -> dict:
        out = work / label.replace(" ", "_")
        r = run([str(src), "--out", str(out), *extra])
        if r["rc"] not in (0, 1):
            print(f"{label}: rc {r['rc']}\n{r['stderr'][-2000:]}", file=sys.stderr)
            failures.append(label)
        r["docs"], r["out"] = n, out
        if (out / "summary.jsonl").exists():  # a document that failed is recorded, and the run goes on: count them
            import json

            errs = [row for row in map(json.loads, (out / "summary.jsonl").read_text(encoding="utf-8").splitlines())
                    if row.get("status") == "error"]
            if errs:
                print(f"{label}: {len(errs)} documents failed, e.g. {errs[0]['id']}: {errs[0]['error']}", file=sys.stderr)
                failures.append(f"{label}: document errors")
        rows.append((label, r))
        return r

    one = measure("local 1 worker", ["-j", "1"])
    two = measure("local 2 workers", ["-j", "2"])
    ray_r = startup = None
    head = None
    if not a.no_ray:
        try:
            import ray  # noqa: F401

            ray_bin = str(Path(sys.executable).parent / "ray")
            port = 6379 + 17
            address = f"127.0.0.1:{port}"
            head = subprocess.Popen([ray_bin, "start", "--head", "--block", "--num-cpus", "2", "--disable-usage-stats",
                                     "--node-ip-address", "127.0.0.1", "--port", str(port), "--include-dashboard", "false"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            while subprocess.run([ray_bin, "status", "--address", address], capture_output=True).returncode != 0:
                if head.poll() is not None:
                    raise RuntimeError("ray head did not start")
                time.sleep(1)
            ray_r = measure("Ray local head (2 CPUs)", ["--ray", address, "-j", "2"])
            # the fixed cost of a run (interpreter, imports, worker start-up, shutdown), from 24 documents:
            # three chunks, so that the local run starts its pool of 2 workers as the full run does
            small = work / "small-in"
            small.mkdir()
            for p in sorted((work / "in").glob("*.vi.txt"))[:24]:
                for q in (p, *p.parent.glob(p.name.replace(".vi.txt", ".*.txt"))):
                    shutil.copy(q, small / q.name)
            nsmall = len(list(small.glob("*.vi.txt")))
            startup = (measure("local 2 workers, start-up (small corpus)", ["-j", "2"], small, nsmall),
                       measure("Ray, start-up (small corpus)", ["--ray", address, "-j", "2"], small, nsmall))
        except ImportError:
            print("ray not installed: skipping the Ray column (pip install 'translate[ray]')")
        finally:
            if head is not None:
                os.killpg(head.pid, signal.SIGTERM)
                head.wait(timeout=60)
    # kill -9 halfway through a 2-worker run, then time the rerun that finishes it
    killed = work / "killed"
    run([str(work / "in"), "--out", str(killed), "-j", "2"],
        kill_when=lambda: len(list(killed.glob("docs/*.done.json"))) >= ndocs // 2)
    done = len(list(killed.glob("docs/*.done.json")))
    resume = run([str(work / "in"), "--out", str(killed), "-j", "2"])
    same = (killed / "scores.json").read_text() == (two["out"] / "scores.json").read_text() and \
        (killed / "ranked.tsv").read_text() == (two["out"] / "ranked.tsv").read_text()
    if a.tiny:
        tiny_src = work / "tiny-in"
        tiny_src.mkdir()
        picked = sorted((work / "in").glob("*.vi.txt"))[: a.tiny]
        for p in picked:
            shutil.copy(p, tiny_src / p.name)
            shutil.copy(str(p).replace(".vi.txt", ".nl.txt"), tiny_src / p.name.replace(".vi.txt", ".nl.txt"))
        model = work / "tiny-marian"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "build_tiny_marian.py"), str(model)], check=True, capture_output=True)
        for j in (1, 2):
            measure(f"tiny model, {j} worker(s), {a.tiny} docs", ["-j", str(j), "--model", str(model), "--backend", "transformers",
                                                                    "--cache", str(work / f"tiny{j}.db")], tiny_src, len(picked))
    load = os.getloadavg()
    print(f"\nload average during the run (1/5/15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores "
          "(other processes share this machine)\n")
    print("| run | docs | wall s | docs/s | sentences/s | peak PSS, all processes (MiB) | largest process (MiB) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, r in rows:
        sent = nsent if r["docs"] == ndocs else r["docs"] * a.lines
        print(f"| {label} | {r['docs']} | {r['wall']:.1f} | {r['docs'] / r['wall']:.1f} | {sent / r['wall']:.1f} | {mib(r['tree'])} | {mib(r['largest'])} |")
    speedup = one["wall"] / two["wall"]
    print(f"\n2 workers / 1 worker: {speedup:.2f}x (target >= 1.7x)")
    if ray_r is not None:
        overhead = ray_r["wall"] / two["wall"] - 1
        print(f"Ray overhead over local 2 workers: {overhead * 100:+.0f}% (target <= 20%)")
        if startup is not None:
            fixed = startup[1]["wall"] - startup[0]["wall"]
            rest = (ray_r["wall"] - startup[1]["wall"]) / (two["wall"] - startup[0]["wall"]) - 1
            print(f"  of which fixed start-up (a {startup[0]['docs']}-document run): Ray {startup[1]['wall']:.1f} s, "
                  f"local {startup[0]['wall']:.1f} s ({fixed:+.1f} s); with start-up taken out on both sides: {rest * 100:+.0f}%")
        if overhead > 0.20:
            failures.append("ray overhead")
        if (ray_r["out"] / "scores.json").read_text() != (two["out"] / "scores.json").read_text():
            failures.append("ray scores differ from local")
    print(f"kill -9 after {done}/{ndocs} documents: the rerun took {resume['wall']:.1f} s "
          f"(full run {two['wall']:.1f} s); its scores.json and ranked.tsv equal the uninterrupted run: {same}")
    if speedup < 1.7:
        failures.append("2-worker speed-up")
    if not same:
        failures.append("resume differs")
    shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("MISSED: " + ", ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
