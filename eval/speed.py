#!/usr/bin/env python3
"""Speed of re-translation: naive loop vs batched transformers vs this project's engine.

    PYTHONPATH=. python eval/speed.py            # 200 NTREX sentences, beam 1 and 4
    PYTHONPATH=. python eval/speed.py --quick    # 40 sentences, beam 1 and 4
    PYTHONPATH=. python eval/speed.py --threads 1   # same thread count for every engine
                                                    # (use on a shared, loaded machine)

What it does, in one run:

1. Builds (once, then reused from the cache folder) a Marian model with random weights
   and the dimensions of opus-mt-vi-en: d_model 512, 6+6 layers, 8 heads, FFN 2048,
   vocabulary 53,685 (``scripts/build_tiny_marian.py --pad-vocab-to``).
2. Takes N sentences (seeded sample) from ``ntrex128/newstest2019-ref.vie.txt``.
3. Forces a fixed output length per sentence, ``source_tokens + 10`` (``min = max``
   length), so every engine does the same work whatever the random weights produce.
   tokens/s counts exactly these required tokens for every engine; the extra
   padding work a batch does (shorter members decoded to the batch's longest length)
   is not credited.
4. Runs each engine in a fresh subprocess (honest peak RSS, measured with
   ``getrusage``, model included) at beam 1 and beam 4:
   * ``naive``: transformers, one ``generate`` per sentence;
   * ``batched``: transformers, sentences sorted by length, batches of 16 (the
     foundation's MarianBackend);
   * ``engine``: ``translate.mt.registry.load_backend(..., engine=auto)`` (CTranslate2
     int8 on CPU when installed), token-budget batches, cache off.
5. Cache: the engine translates the sentences with an empty SQLite cache (cold), then
   again (warm); the ratio of the two ``translate`` calls is printed.

Wall time is the translation call only; model loading is shown separately.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DIMS = dict(d_model=512, layers=6, heads=8, ffn=2048, pad_vocab_to=53685, vocab_size=8000)
TARGET_VS_NAIVE = 4.0  # the engine issue's targets (docs/engine.md)
TARGET_VS_BATCHED = 2.0
TARGET_WARM_CACHE = 50.0
EXTRA = 10


def corpora_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("TRANSLATE_CORPORA") or ROOT.parent / "shared" / "corpora")


def load_sentences(corpora: Path, n: int, seed: int) -> list[str]:
    path = corpora / "ntrex128" / "newstest2019-ref.vie.txt"
    if not path.exists():
        sys.exit(f"error: {path} not found (pass --corpora DIR or set TRANSLATE_CORPORA)")
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    rng = random.Random(seed)
    return rng.sample(lines, min(n, len(lines)))


def build_model(folder: Path, corpora: Path) -> Path:
    if (folder / "config.json").exists() and (folder / "model.safetensors").exists():
        return folder
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_tiny_marian", ROOT / "scripts" / "build_tiny_marian.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # SentencePiece trained on NTREX (8k pieces per side) so sentences have OPUS-MT-like token counts
    read = lambda name: [ln for ln in (corpora / "ntrex128" / name).read_text(encoding="utf-8").splitlines() if ln.strip()]
    module.build(folder, seed=0, source_lines=read("newstest2019-ref.vie.txt"),
                 target_lines=read("newstest2019-ref.nld.txt"), **DIMS)
    return folder


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# ---------------------------------------------------------------- workers (subprocess)


def _threads() -> int:
    return int(os.environ["SPEED_THREADS"])


def _hf(model: str):
    import torch

    from translate.mt.marian import load_marian

    torch.set_num_threads(_threads())

    tok, net = load_marian(model)
    net.eval()
    return tok, net


def _fixed_len(n_src: int) -> int:
    return n_src + EXTRA


def worker_naive(model: str, sentences: list[str], beam: int) -> dict:
    import torch

    t0 = time.perf_counter()
    tok, net = _hf(model)
    load = time.perf_counter() - t0
    tokens = 0
    t0 = time.perf_counter()
    with torch.inference_mode():
        for s in sentences:
            enc = tok([s], return_tensors="pt")
            n = _fixed_len(enc.input_ids.shape[1])
            net.generate(**enc, num_beams=beam, min_new_tokens=n, max_new_tokens=n, do_sample=False,
                         forced_eos_token_id=None)
            tokens += n
    return {"wall": time.perf_counter() - t0, "tokens": tokens, "load": load}


def worker_batched(model: str, sentences: list[str], beam: int, batch_size: int = 16) -> dict:
    import torch

    t0 = time.perf_counter()
    tok, net = _hf(model)
    load = time.perf_counter() - t0
    lengths = [len(tok(s).input_ids) for s in sentences]
    tokens = sum(_fixed_len(n) for n in lengths)
    order = sorted(range(len(sentences)), key=lambda k: lengths[k])
    t0 = time.perf_counter()
    with torch.inference_mode():
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            enc = tok([sentences[k] for k in idx], return_tensors="pt", padding=True)
            n = _fixed_len(max(lengths[k] for k in idx))
            net.generate(**enc, num_beams=beam, min_new_tokens=n, max_new_tokens=n, do_sample=False,
                         forced_eos_token_id=None)
    return {"wall": time.perf_counter() - t0, "tokens": tokens, "load": load}


def _engine(model: str, beam: int, cache):
    from translate.mt.registry import load_backend

    # max_ratio=1.0 makes the engine's cap source_tokens + 10, the fixed length above
    if os.environ.get("SPEED_ENGINE") == "transformers":
        import torch

        torch.set_num_threads(_threads())
    return load_backend(model, engine=os.environ.get("SPEED_ENGINE", "auto"), cache=cache, beam=beam,
                        force_length=True, max_ratio=1.0, max_length=512, threads=_threads())


def worker_engine(model: str, sentences: list[str], beam: int) -> dict:
    t0 = time.perf_counter()
    backend = _engine(model, beam, cache=False)
    backend.load()  # backends load lazily (first miss): time the load apart from translation
    load = time.perf_counter() - t0
    tokens = sum(_fixed_len(len(backend._src_ids(s))) for s in sentences)
    t0 = time.perf_counter()
    backend.translate(sentences)
    return {"wall": time.perf_counter() - t0, "tokens": tokens, "load": load, "name": backend.signature().split(":")[0]}


def worker_cache(model: str, sentences: list[str], beam: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        backend = _engine(model, beam, cache=Path(tmp) / "cache.sqlite")
        backend.load()
        load = time.perf_counter() - t0
        t0 = time.perf_counter()
        cold_out = backend.translate(sentences)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        warm_out = backend.translate(sentences)
        warm = time.perf_counter() - t0
        assert cold_out == warm_out
        return {"cold": cold, "warm": warm, "load": load, "hits": backend.hits, "misses": backend.misses}


def worker_convert(model: str, sentences: list[str], beam: int) -> dict:
    """Convert once before timing (the conversion loads torch; it is not part of a run)."""
    t0 = time.perf_counter()
    backend = _engine(model, beam, cache=False)
    backend.load()  # converts on first load
    return {"load": time.perf_counter() - t0, "name": backend.signature().split(":")[0]}


WORKERS = {"convert": worker_convert, "naive": worker_naive, "batched": worker_batched, "engine": worker_engine, "cache": worker_cache}


def run_worker(kind: str, model: Path, sentences_file: Path, beam: int, threads: int = 1) -> dict:
    cmd = [sys.executable, __file__, "--worker", kind, "--model", str(model), "--sentences", str(sentences_file),
           "--beam", str(beam)]
    env = dict(os.environ, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               SPEED_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.exit(f"error: worker {kind} beam {beam} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description="Re-translation speed: naive vs batched transformers vs engine.")
    ap.add_argument("--corpora", default=None)
    ap.add_argument("--n", type=int, default=200, help="number of sentences (default 200)")
    ap.add_argument("--quick", action="store_true", help="40 sentences (a smoke run)")
    ap.add_argument("--beams", default="1,4")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                    help="CPU threads for every engine (torch and CTranslate2 alike; default: all cores)")
    ap.add_argument("--model-dir", default=None, help="where the OPUS-MT-sized random model is built/reused")
    ap.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    ap.add_argument("--model", help=argparse.SUPPRESS)
    ap.add_argument("--sentences", help=argparse.SUPPRESS)
    ap.add_argument("--beam", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        sentences = json.loads(Path(args.sentences).read_text(encoding="utf-8"))
        result = WORKERS[args.worker](args.model, sentences, args.beam)
        result["peak_rss_mib"] = peak_rss_mib()
        print(json.dumps(result))
        return 0

    from translate.mt.cache import cache_root

    n = 40 if args.quick else args.n
    beams = [int(b) for b in args.beams.split(",") if b]
    corpora = corpora_dir(args.corpora)
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    sentences = load_sentences(corpora, n, args.seed)
    model = build_model(Path(args.model_dir) if args.model_dir else cache_root() / "speed-model-opus-size-v2", corpora)
    with tempfile.TemporaryDirectory() as tmp:
        sfile = Path(tmp) / "sentences.json"
        sfile.write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")
        t = args.threads
        run_worker("convert", model, sfile, 1, t)
        rows = []
        for beam in beams:
            res = {}
            for kind in ("naive", "batched", "engine"):
                res[kind] = run_worker(kind, model, sfile, beam, t)
                print(f"  done: beam {beam} {kind}: {res[kind]['wall']:.1f} s", file=sys.stderr, flush=True)
            rows.append((beam, res))
        cache = run_worker("cache", model, sfile, beams[0], t)

    print(f"# {n} NTREX vi sentences, OPUS-MT-sized random Marian (d512, 6+6 layers, 8 heads, FFN 2048, "
          f"vocab {DIMS['pad_vocab_to']}), output fixed at source tokens + {EXTRA}; {os.cpu_count()} CPUs, "
          f"{args.threads} thread(s) per engine, load average before {load_before}")
    print("| beam | engine | tokens | wall s | tokens/s | load s | peak RSS MiB | vs naive | vs batched |")
    print("|---|---|---|---|---|---|---|---|---|")
    for beam, res in rows:
        for kind in ("naive", "batched", "engine"):
            r = res[kind]
            label = kind if kind != "engine" else f"engine ({r.get('name', '?')})"
            tps = r["tokens"] / r["wall"]
            print(f"| {beam} | {label} | {r['tokens']} | {r['wall']:.2f} | {tps:.0f} | {r['load']:.2f} | "
                  f"{r['peak_rss_mib']:.0f} | {res['naive']['wall'] / r['wall']:.2f}x | "
                  f"{res['batched']['wall'] / r['wall']:.2f}x |")
    print()
    print(f"| cache (beam {beams[0]}) | cold s | warm s | warm speed-up | hits/misses |")
    print("|---|---|---|---|---|")
    print(f"| engine + SQLite cache | {cache['cold']:.3f} | {cache['warm']:.4f} | {cache['cold'] / cache['warm']:.0f}x | "
          f"{cache['hits']}/{cache['misses']} |")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    misses = []
    for beam, res in rows:
        eng, naive, batched = res["engine"], res["naive"], res["batched"]
        if naive["wall"] / eng["wall"] < TARGET_VS_NAIVE:
            misses.append(f"beam {beam}: engine {naive['wall'] / eng['wall']:.2f}x naive (target >= {TARGET_VS_NAIVE}x)")
        if batched["wall"] / eng["wall"] < TARGET_VS_BATCHED:
            misses.append(f"beam {beam}: engine {batched['wall'] / eng['wall']:.2f}x batched (target >= {TARGET_VS_BATCHED}x)")
        if eng["peak_rss_mib"] >= min(naive["peak_rss_mib"], batched["peak_rss_mib"]):
            misses.append(f"beam {beam}: engine peak RSS {eng['peak_rss_mib']:.0f} MiB not below transformers")
    if cache["cold"] / cache["warm"] < TARGET_WARM_CACHE:
        misses.append(f"warm cache {cache['cold'] / cache['warm']:.0f}x (target >= {TARGET_WARM_CACHE}x)")
    for m in misses:
        print("MISSED: " + m)
    if not misses:
        print(f"targets met: engine >= {TARGET_VS_NAIVE}x naive and >= {TARGET_VS_BATCHED}x batched with less memory, "
              f"warm cache >= {TARGET_WARM_CACHE}x")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
