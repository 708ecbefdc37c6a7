"""Time and peak memory of every report writer on a synthetic corpus.

    PYTHONPATH=$PWD python eval/bench_exports.py [--pairs 20000]

Builds an aligned review of N sentence pairs (one in ten flagged, with omissions
and additions), then runs each writer once in a forked child process and reports its wall time and
how much its peak resident memory (ru_maxrss) grew while writing. The TMX row is
measured twice, side by side: the streamed writer (lxml ``etree.xmlfile``, what
``--tmx`` uses) and the same document built as one lxml tree and serialized at the
end, so the memory ratio of streaming is measured, not assumed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import multiprocessing as mp
import resource
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lxml import etree  # noqa: E402

from translate.data import Evidence, Flag, PairScore, ReviewResult, Severity  # noqa: E402
from translate.report.export import locale, pairs, tmx_header, tmx_unit, write_csv, write_jsonl, write_tmx, write_tsv, write_xliff  # noqa: E402
from translate.report.html import write_html  # noqa: E402
from translate.read.importers import TMUnit, TranslationMemory, read_tm  # noqa: E402
from translate.report.junit import write_junit  # noqa: E402
from translate.report.core import write_json  # noqa: E402

VI = "Năm {n}, toàn tỉnh có {m} học sinh tốt nghiệp trung học phổ thông, đạt tỷ lệ 96,3%."
NL = "In {n} behaalden {m} leerlingen in de provincie hun diploma, een slagingspercentage van 96,3%."


def synthetic(n: int) -> ReviewResult:
    units = []
    for i in range(n):
        src = VI.format(n=2000 + i % 30, m=i)
        tgt = NL.format(n=2000 + i % 30, m=i if i % 10 else i + 1)
        if i % 97 == 5:
            tgt = ""
        if i % 89 == 7:
            src = ""
        units.append(TMUnit(str(i), src, tgt))
    tm = TranslationMemory("synthetic.tmx", "tmx", "vi", "nl", units)
    source, target, alignment = tm.to_review_input()
    scores, flags = [], []
    for k, link in enumerate(alignment.links):
        scores.append(PairScore(40.0 + k % 50, 50.0 + k % 40, 48.0 + k % 40, "referentie " * 8) if link.src and link.tgt else None)
        if k % 10 == 0 and link.tgt:
            s = target.segments[link.tgt[0]]
            flags.append(Flag("number-mismatch", Severity.ERROR, "numbers differ", k, [Evidence("tgt", s.start, s.end, s.text)]))
    meta = {"source": "synthetic.vi", "target": "synthetic.nl", "src_lang": "vi", "tgt_lang": "nl", "system": "bench",
            "alignment_method": alignment.method, "warnings": []}
    return ReviewResult(source, target, alignment, None, scores, None, flags, [], meta)


def tmx_as_tree(result: ReviewResult, path: str) -> None:
    """Baseline: the same TMX elements appended to one in-memory tree, serialized at the end."""
    root = etree.Element("tmx", version="1.4")
    root.append(tmx_header(result))
    body = etree.SubElement(root, "body")
    src_lang, tgt_lang = locale("vi"), locale("nl")
    for rec in pairs(result):
        body.append(tmx_unit(rec, src_lang, tgt_lang))
    Path(path).write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _child(fn, args, conn) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    fn(*args)
    dt = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    conn.send((dt, (after - before) / 1024))
    conn.close()


def measure(fn, *args) -> tuple[float, float]:
    """(seconds, MiB of peak-RSS growth) of one call, in a forked child."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_child, args=(fn, args, child))
    proc.start()
    out = parent.recv()
    proc.join()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=20000)
    args = ap.parse_args()
    result = synthetic(args.pairs)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [
            ("tmx (streamed, --tmx)", write_tmx, "o.tmx"),
            ("tmx (one tree, baseline)", tmx_as_tree, "b.tmx"),
            ("xliff 1.2", lambda r, p: write_xliff(r, p, "1.2"), "o12.xlf"),
            ("xliff 2.1", lambda r, p: write_xliff(r, p, "2.1"), "o21.xlf"),
            ("csv", write_csv, "o.csv"),
            ("tsv", write_tsv, "o.tsv"),
            ("jsonl", write_jsonl, "o.jsonl"),
            ("json", write_json, "o.json"),
            ("html", write_html, "o.html"),
            ("junit", write_junit, "j.xml"),
        ]
        for name, fn, fname in jobs:
            path = os.path.join(tmp, fname)
            dt, peak = measure(fn, result, path)
            rows.append((name, dt, peak, os.path.getsize(path) / 2**20))
        for name, fname in (("read tmx (--tm)", "o.tmx"), ("read xliff 2.1 (--tm)", "o21.xlf")):
            path = os.path.join(tmp, fname)
            dt, peak = measure(read_tm, path)
            rows.append((name, dt, peak, os.path.getsize(path) / 2**20))
    print(f"{len(result.alignment.links)} aligned pairs, {len(result.flags)} flags")
    print(f"{'writer':<26} {'seconds':>8} {'+RSS MiB':>9} {'file MiB':>9}")
    for name, dt, peak, size in rows:
        print(f"{name:<26} {dt:>8.2f} {peak:>9.1f} {size:>9.1f}")
    streamed = rows[0][2]
    tree = rows[1][2]
    print(f"TMX peak memory, one tree / streamed: {tree / streamed:.1f}x")


if __name__ == "__main__":
    main()
