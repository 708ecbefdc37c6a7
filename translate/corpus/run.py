"""`translate review-corpus`: review many document pairs, resumable, in parallel.

Each document goes through :func:`translate.pipeline.review` and is written with
:func:`translate.report.core.write_json` (and optionally :func:`translate.report.html.write_html`),
exactly as ``translate review --json`` would. On top of that the corpus gets:

- ``summary.jsonl``: one line per document (counts by check and severity, chrF/BLEU, time);
- ``scores.json``: corpus BLEU/chrF/chrF++/TER over every scored pair, with sacrebleu signatures
  (:func:`translate.compare.core.scores_from_stats`, summed from each document's
  sufficient statistics);
- ``ranked.tsv``: the documents, riskiest first;
- ``index.html``: links to every page.

Resume: every finished document leaves ``docs/ID.done.json`` (written atomically, last),
holding the content hash of its inputs and the settings. A rerun skips documents whose hash
is unchanged, so ``kill -9`` loses only the documents in flight. The corpus files are rebuilt
from the ``.done.json`` records in input order, so a resumed run writes what an uninterrupted
one writes (apart from the measured seconds and the model's cached/computed counters).

Parallel: ``workers`` processes, each loading the model once; documents go to them in chunks,
and a chunk's unique source sentences are translated in one call before its documents are
reviewed (batches fill across documents; identical sentences are translated once). The
SQLite translation cache (WAL) is shared by every process.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..version import __version__
from ..compare.core import SufficientStats, scores_from_stats, sufficient_stats
from ..checks.configfile import apply_overrides, load_config
from ..mt.marian import set_torch_threads
from ..mt.registry import load_backend
from ..pipeline import ReviewOptions, review
from ..report.html import write_html
from ..read.document import read_document
from ..report.core import summary, write_json
from ..text.segment import segment_document
from ..data import Severity
from ..errors import InputError, TranslateError
from ..atomic import atomic_write_text

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
CHUNK = 8
"""Documents per task: big enough to fill translation batches, small enough to keep
the work lost on a kill (and the imbalance at the end) small."""


@dataclass(frozen=True)
class CorpusDoc:
    id: str
    source: str
    rendering: str
    against: str | None = None


@dataclass
class CorpusSettings:
    """What decides a document's report (part of its content hash) plus how to run."""

    src_lang: str = "vi"
    tgt_lang: str = "nl"
    model: str | None = None
    target_token: str | None = None
    beam: int = 1
    engine: str = "auto"
    cache: bool | str | None = None
    max_length: int = 256
    batch_tokens: int | None = None
    token_scores: bool = True
    config: str | None = None
    disable: list[str] = field(default_factory=list)
    set_: list[str] = field(default_factory=list)
    waivers: str | None = None
    html: bool = False

    def fingerprint(self) -> str:
        d = asdict(self)
        d.pop("cache")  # where translations are cached does not change them
        for key in ("config", "waivers"):  # the file's content counts, not only its name
            if d[key]:
                d[key] = [d[key], _file_hash(d[key])]
        return json.dumps([__version__, d], sort_keys=True)


def _file_hash(path: str) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError as exc:
        return f"unreadable:{exc.strerror}"
    return h.hexdigest()


def doc_key(doc: CorpusDoc, settings_fp: str) -> str:
    parts = [settings_fp, doc.id] + [_file_hash(p) if p else "-" for p in (doc.source, doc.rendering, doc.against)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


# ------------------------------------------------------------------ input


def discover(input_path: str | os.PathLike[str], src_lang: str = "vi", tgt_lang: str = "nl") -> list[CorpusDoc]:
    """Document pairs from a folder (NAME.vi.txt + NAME.nl.txt [+ NAME.against.nl.txt])
    or a TSV manifest (id, source, rendering[, against]; paths relative to the manifest)."""
    p = Path(input_path)
    if p.is_dir():
        docs = []
        rendering_suffix = f".{tgt_lang}.txt"
        for src in sorted(p.glob(f"*.{src_lang}.txt")):
            name = src.name[: -len(f".{src_lang}.txt")]
            ren = p / f"{name}{rendering_suffix}"
            against = p / f"{name}.against{rendering_suffix}"
            # a missing rendering is that document's error (recorded), not a silent drop
            docs.append(CorpusDoc(name, str(src), str(ren), str(against) if against.exists() else None))
        if not docs:
            raise InputError(f"{p}: no NAME.{src_lang}.txt files", f"put NAME.{src_lang}.txt and NAME.{tgt_lang}.txt pairs there, or give a TSV manifest")
        return _check_ids(docs)
    if not p.is_file():
        raise InputError(f"{p}: no such file or folder", "give a folder of pairs or a TSV manifest")
    base = p.parent
    docs = []
    try:
        with open(p, encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.reader(fh, delimiter="\t"), 1):
                if not row or not "".join(row).strip() or row[0].startswith("#"):
                    continue
                if n == 1 and [c.strip().lower() for c in row[:3]] == ["id", "source", "rendering"]:
                    continue
                if len(row) not in (3, 4):
                    raise InputError(f"{p}:{n}: expected 3 or 4 tab-separated columns (id, source, rendering[, against]), got {len(row)}")
                ids, src, ren = (c.strip() for c in row[:3])
                ag = row[3].strip() if len(row) == 4 and row[3].strip() else None
                docs.append(CorpusDoc(ids, str(base / src), str(base / ren), str(base / ag) if ag else None))
    except UnicodeDecodeError:
        raise InputError(f"{p}: the manifest is not UTF-8 text") from None
    if not docs:
        raise InputError(f"{p}: the manifest lists no documents")
    return _check_ids(docs)


def _check_ids(docs: list[CorpusDoc]) -> list[CorpusDoc]:
    seen: dict[str, str] = {}
    for d in docs:
        if not d.id:
            raise InputError("a document has an empty id")
        fname = file_stem(d.id)
        if fname in seen:
            raise InputError(f"documents {seen[fname]!r} and {d.id!r} would share the output name {fname!r}", "give unique ids")
        seen[fname] = d.id
    return docs


def file_stem(doc_id: str) -> str:
    stem = _SAFE.sub("_", doc_id).strip("._") or "doc"
    if stem != doc_id:  # keep distinct ids distinct after the clean-up
        stem += "-" + hashlib.sha1(doc_id.encode()).hexdigest()[:8]
    return stem


# ------------------------------------------------------------------ worker side

_WORKER: dict[str, object] = {}


def _die_with_parent() -> None:
    """A worker ends when the command does, even on kill -9 of the command (Linux
    prctl PR_SET_PDEATHSIG; the pool cannot tell its workers once it is killed)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
        except (OSError, AttributeError):
            pass


def _init_worker(settings: CorpusSettings, threads: int | None, pool: bool = True) -> None:
    if pool:
        _die_with_parent()
    if threads:
        os.environ.setdefault("OMP_NUM_THREADS", str(threads))
        os.environ.setdefault("MKL_NUM_THREADS", str(threads))
    _WORKER.clear()
    _WORKER["settings"] = settings
    _WORKER["backend"] = None
    if threads:
        set_torch_threads(threads)


def _options(settings: CorpusSettings, against: str | None):

    opt = ReviewOptions(
        src_lang=settings.src_lang, tgt_lang=settings.tgt_lang, model=settings.model, against=against,
        target_token=settings.target_token, beam=settings.beam, engine=settings.engine, cache=settings.cache,
        max_length=settings.max_length, batch_tokens=settings.batch_tokens, progress=False,
        token_scores=settings.token_scores,
    )
    opt.flags = apply_overrides(load_config(settings.config), settings.set_ or None, settings.disable or None)
    opt.waivers = settings.waivers
    return opt


def _backend(settings: CorpusSettings):
    """The worker's model, loaded once (lazily: engines load weights on first use)."""
    if _WORKER.get("backend") is None and settings.model:
        _WORKER["backend"] = load_backend(
            settings.model, target_token=settings.target_token, beam=settings.beam, engine=settings.engine,
            cache=settings.cache, max_length=settings.max_length, batch_tokens=settings.batch_tokens,
        )
    return _WORKER.get("backend")


class _Memo:
    """Translations of one chunk's unique source sentences, computed in one call, so that
    the per-document reviews that follow find them (batches across documents; duplicates
    once). Hand-written because it must sit between pipeline.review and any backend."""

    def __init__(self, backend) -> None:
        self.backend = backend
        self.memo: dict[str, str] = {}
        # engine_stats() treats an object with `backend` and `cache` as a cache wrapper
        self.cache = self.memo
        self.hits = self.misses = 0

    def prefill(self, sentences: Iterable[str]) -> None:
        todo = [s for s in dict.fromkeys(sentences) if s not in self.memo]
        if todo:
            self.memo.update(zip(todo, self.backend.translate(todo)))

    def translate(self, sentences: Sequence[str]) -> list[str]:
        missing = [s for s in dict.fromkeys(sentences) if s not in self.memo]
        self.misses += len(missing)
        self.hits += len(sentences) - len(missing)
        if missing:
            self.memo.update(zip(missing, self.backend.translate(missing)))
        return [self.memo[s] for s in sentences]

    def __getattr__(self, name: str):  # signature(), score_tokens(), stats for engine_stats
        return getattr(self.backend, name)


def _source_sentences(doc: CorpusDoc, settings: CorpusSettings) -> list[str]:

    try:
        return [s.text for s in segment_document(read_document(doc.source, settings.src_lang), "src", settings.src_lang).segments]
    except (TranslateError, OSError):
        return []  # the document's own review reports the problem


def run_chunk(docs: list[CorpusDoc], keys: list[str], out_dir: str, settings: CorpusSettings | None = None) -> list[dict]:
    """Review a chunk of documents in this process; write each report and its record.
    Returns the records (also on disk as docs/STEM.done.json)."""
    settings = settings or _WORKER["settings"]  # type: ignore[assignment]
    backend = None
    memo = None
    if settings.model and any(d.against is None for d in docs):
        backend = _backend(settings)
        memo = _Memo(backend)
        sentences = [s for d in docs if d.against is None for s in _source_sentences(d, settings)]
        try:
            memo.prefill(sentences)
        except TranslateError:
            pass  # each document's review meets (and records) the same model error
    return [_review_one(d, k, out_dir, settings, memo) for d, k in zip(docs, keys)]


def _review_one(doc: CorpusDoc, key: str, out_dir: str, settings: CorpusSettings, memo) -> dict:

    t0 = time.perf_counter()
    stem = file_stem(doc.id)
    docs_dir = Path(out_dir) / "docs"
    record: dict = {"id": doc.id, "key": key, "stem": stem, "source": doc.source, "rendering": doc.rendering,
                    "against": doc.against}
    try:
        opt = _options(settings, doc.against)
        if doc.against is None and memo is not None:
            opt.backend = memo  # type: ignore[assignment]
        for p in (doc.source, doc.rendering):
            if not os.path.exists(p):
                raise InputError(f"{p}: no such file")
        result = review(doc.source, doc.rendering, opt)
        write_json(result, docs_dir / f"{stem}.json")
        if settings.html:
            write_html(result, docs_dir / f"{stem}.html")
        s = summary(result)
        checks: dict[str, dict[str, int]] = {}
        for f in result.flags:
            if not f.waived:
                by = checks.setdefault(f.code, {})
                by[f.severity.value] = by.get(f.severity.value, 0) + 1
        hyps, refs = [], []
        for k, link in enumerate(result.alignment.links):
            sc = result.scores[k] if k < len(result.scores) else None
            if sc is not None:
                hyps.append(" ".join(result.target.segments[i].text for i in link.tgt))
                refs.append(sc.reference)
        ds = result.doc_scores
        record.update(
            status="ok", error=None, links=s["links"], flagged_links=s["flagged_links"], flags=s["flags"],
            worst=s["worst"], checks=dict(sorted(checks.items())), src_segments=s["src_segments"],
            tgt_segments=s["tgt_segments"], chrf=None if ds is None else round(ds.chrf, 2),
            bleu=None if ds is None else round(ds.bleu, 2), risk=_doc_risk(result), system=result.meta.get("system"),
            # the corpus scores' sufficient statistics, summed here in the worker: the
            # driver only adds them up (scoring is no serial step, a resumed run re-scores nothing)
            stats=sufficient_stats(hyps, refs).to_json(),
        )
    except TranslateError as exc:
        record.update(status="error", error=exc.one_line())
    except Exception as exc:  # one broken document must not stop a corpus run; recorded, not hidden
        record.update(status="error", error=f"{type(exc).__name__}: {exc}")
    record["seconds"] = round(time.perf_counter() - t0, 4)
    atomic_write_text(docs_dir / f"{stem}.done.json", json.dumps(record, ensure_ascii=False))
    return record


# ------------------------------------------------------------------ driver


@dataclass
class CorpusResult:
    records: list[dict]
    skipped: int
    reviewed: int
    seconds: float
    scores: dict

    @property
    def errors(self) -> int:
        return sum(r["status"] == "error" for r in self.records)

    def worst(self) -> Severity | None:
        ranks = [Severity(r["worst"]) for r in self.records if r.get("worst")]
        if self.errors:
            ranks.append(Severity.ERROR)
        return max(ranks, key=lambda s: s.rank) if ranks else None


def _load_record(path: Path, key: str) -> dict | None:
    try:
        rec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return rec if rec.get("key") == key else None


def review_corpus(
    docs: list[CorpusDoc], out_dir: str | os.PathLike[str], settings: CorpusSettings, *, workers: int = 1,
    progress: Callable[[int, int], None] | None = None, runner: Callable | None = None,
) -> CorpusResult:
    """Review ``docs`` into ``out_dir``; skip those already done with the same hash.

    ``runner(chunks, out_dir, settings, on_done)``: an alternative executor (Ray); by
    default one process (workers=1) or a process pool.
    """
    t0 = time.perf_counter()
    out = Path(out_dir)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    fp = settings.fingerprint()
    keys = [doc_key(d, fp) for d in docs]
    records: dict[str, dict] = {}
    todo: list[int] = []
    for i, (d, k) in enumerate(zip(docs, keys)):
        rec = _load_record(out / "docs" / f"{file_stem(d.id)}.done.json", k)
        if rec is not None:
            records[d.id] = rec
        else:
            todo.append(i)
    skipped = len(records)
    done = skipped
    if progress:
        progress(done, len(docs))
    chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]

    def on_done(recs: list[dict]) -> None:
        nonlocal done
        for r in recs:
            records[r["id"]] = r
        done += len(recs)
        if progress:
            progress(done, len(docs))

    work = [([docs[i] for i in c], [keys[i] for i in c]) for c in chunks]
    if runner is not None:
        runner(work, str(out), settings, on_done)
    elif workers <= 1 or len(work) <= 1:
        _WORKER.clear()
        _WORKER["settings"] = settings
        for ds, ks in work:
            on_done(run_chunk(ds, ks, str(out), settings))
    else:
        import multiprocessing as mp

        threads = max(1, (os.cpu_count() or 1) // workers)
        # spawn, not fork: a forked copy of a process that has loaded torch can hang
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                                 initializer=_init_worker, initargs=(settings, threads)) as pool:
            pending = {pool.submit(run_chunk, ds, ks, str(out)) for ds, ks in work}
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in finished:
                    on_done(f.result())
    ordered = [records[d.id] for d in docs]
    scores = write_corpus_outputs(ordered, out, settings)
    return CorpusResult(ordered, skipped, len(todo), time.perf_counter() - t0, scores)


def _doc_risk(result) -> float | None:
    """A document's risk: its worst pair's (None when no link has a risk)."""
    scores = [r.score for r in result.risks if r is not None]
    return max(scores) if scores else None


def summary_row(rec: dict) -> dict:
    keys = ("id", "status", "error", "links", "flagged_links", "flags", "worst", "checks", "src_segments",
            "tgt_segments", "chrf", "bleu", "risk", "system", "seconds")
    row = {k: rec.get(k) for k in keys}
    row["report"] = f"docs/{rec['stem']}.json" if rec["status"] == "ok" else None
    return row


def risk_key(rec: dict) -> tuple:
    """Riskiest first: failed documents, then the worst pair's risk, worst severity, error and
    warning flag counts, then the lowest chrF."""
    if rec["status"] == "error":
        return (0, 0.0, 0, 0, 0, 0.0, rec["id"])
    flags = rec.get("flags") or {}
    worst = Severity(rec["worst"]).rank if rec.get("worst") else -1
    chrf = rec["chrf"] if rec.get("chrf") is not None else 100.0
    return (1, -(rec.get("risk") or 0.0), -worst, -flags.get("error", 0), -flags.get("warning", 0), chrf, rec["id"])


def write_corpus_outputs(records: list[dict], out: Path, settings: CorpusSettings) -> dict:

    atomic_write_text(out / "summary.jsonl", "".join(json.dumps(summary_row(r), ensure_ascii=False) + "\n" for r in records))
    ok = [r for r in records if r["status"] == "ok"]
    parts = [SufficientStats.from_json(r["stats"]) if r.get("stats") else sufficient_stats(r.get("hyps", []), r.get("refs", []))
             for r in ok]  # records written before the statistics were stored carry the sentences
    corpus = scores_from_stats(parts)
    totals = {s.value: sum((r.get("flags") or {}).get(s.value, 0) for r in ok) for s in Severity}
    by_check: dict[str, dict[str, int]] = {}
    for r in ok:
        for code, by in (r.get("checks") or {}).items():
            tgt = by_check.setdefault(code, {})
            for sev, n in by.items():
                tgt[sev] = tgt.get(sev, 0) + n
    scores: dict = {
        "documents": len(records), "errors": len(records) - len(ok), "pairs_scored": sum(p.pairs for p in parts),
        "flags": totals, "checks": dict(sorted(by_check.items())),
        "hypothesis": "the renderings under review", "reference": "the re-translations (model or --against)",
        "scores": None,
    }
    if corpus:
        scores["scores"] = {k: {"score": round(m.score, 2), "signature": m.signature} for k, m in corpus.items()}
    atomic_write_text(out / "scores.json", json.dumps(scores, indent=2, ensure_ascii=False) + "\n")
    ranked = sorted(records, key=risk_key)
    lines = ["rank\tid\tstatus\tworst\terrors\twarnings\tinfo\tchrf\tbleu\treport\n"]
    for n, r in enumerate(ranked, 1):
        f = r.get("flags") or {}
        cells = [n, r["id"], r["status"] if r["status"] == "ok" else f"error: {r['error']}", r.get("worst") or "",
                 f.get("error", ""), f.get("warning", ""), f.get("info", ""),
                 "" if r.get("chrf") is None else r["chrf"], "" if r.get("bleu") is None else r["bleu"],
                 f"docs/{r['stem']}.json" if r["status"] == "ok" else ""]
        lines.append("\t".join(str(c).replace("\t", " ").replace("\n", " ") for c in cells) + "\n")
    atomic_write_text(out / "ranked.tsv", "".join(lines))
    atomic_write_text(out / "index.html", _index_html(ranked, scores, settings))
    return scores


def _index_html(ranked: list[dict], scores: dict, settings: CorpusSettings) -> str:
    e = html.escape
    rows = []
    for n, r in enumerate(ranked, 1):
        f = r.get("flags") or {}
        if r["status"] == "ok":
            link = f'<a href="docs/{e(r["stem"])}.html">{e(r["id"])}</a>' if settings.html else e(r["id"])
            json_link = f'<a href="docs/{e(r["stem"])}.json">json</a>'
            status = e(r.get("worst") or "clean")
        else:
            link, json_link, status = e(r["id"]), "", f"error: {e(r['error'] or '')}"
        rows.append(f"<tr><td>{n}</td><td>{link}</td><td>{status}</td><td>{f.get('error', '')}</td>"
                    f"<td>{f.get('warning', '')}</td><td>{'' if r.get('chrf') is None else r['chrf']}</td><td>{json_link}</td></tr>")
    sc = scores.get("scores") or {}
    score_lines = "".join(f"<li>{e(k)} {v['score']} <code>{e(v['signature'])}</code></li>" for k, v in sc.items())
    return (
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Corpus review</title>"
        "<style>body{font-family:sans-serif}td,th{padding:2px 8px;border-bottom:1px solid #ddd}</style></head><body>"
        f"<h1>Corpus review</h1><p>{scores['documents']} documents, {scores['errors']} with errors; flags: "
        f"{scores['flags']['error']} error, {scores['flags']['warning']} warning, {scores['flags']['info']} info.</p>"
        f"<ul>{score_lines}</ul><table><tr><th>#</th><th>document</th><th>worst</th><th>errors</th><th>warnings</th>"
        f"<th>chrF</th><th>report</th></tr>{''.join(rows)}</table></body></html>\n"
    )
