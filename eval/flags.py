"""Measure the flag stage: recall per corruption kind and the share of clean pairs flagged.

Data: NTREX-128 (vi/nl/en, 123 documents) and FLORES-200 dev (vi/nl/en, grouped
into articles by URL) from ../shared/corpora (or --corpora / TRANSLATE_CORPORA).
The Dutch references are clean human translations of the Vietnamese lines
(both translated from the same English), so each line is a clean (vi, nl) pair.

Per document, a seeded generator leaves about half the lines clean and corrupts
the others with one kind each:

  number    a number of the Dutch that also occurs in the Vietnamese is changed or dropped
  clause    a clause (between commas / after a conjunction) is dropped
  vietnamese the Dutch line is replaced by the aligned Vietnamese line
  english   the Dutch line is replaced by the aligned English line
  scramble  the words of the Dutch line are shuffled
  repeat    a 2-4 word phrase is repeated once in place
  loop      the last 3-6 words are repeated 3-5 times (a generation loop)
  chrome    a page-chrome line ("Reactie (2)", "Lees ook: ...") is inserted
  name      a name found in both lines is misspelled or dropped in the Dutch
  glued     the next sentence is glued on (both sides), the Dutch one garbled
  bytes     byte tokens (<0xC3><0xA9>) replace a letter

Each document is reviewed with one 1:1 link per line (the link holds every
sentence the segmenter finds in that line), so the document-relative checks see a
realistic document. ``omission`` is measured separately with the real aligner:
one Dutch line of each document is deleted, both texts are segmented and aligned
by ``translate.align.align`` (no re-translation), and the case counts as found
when an omission flag points at the dropped Vietnamese line (row omission@1:0:
when that flag is on a 1:0 link, i.e. the aligner itself put the omission on the
right line rather than naming it as a nearby alternative). Row "omission FP": the
same documents with nothing dropped go through the same aligner and checks; the
share of their source sentences an omission flag points at. Row "omission FP*":
the share of the *other* source sentences of the damaged documents an omission
flag points at (the aligner put the 1:0 on the wrong line, or named a neighbour
as a possible alternative).

Columns: model-free checks alone; and ``oracle``: the MT-based checks added with
the *clean Dutch reference of the same line* standing in for the re-translation.
That is an upper bound, not a real system: a real re-translation differs from
the rendering even when the rendering is right (this harness has no second,
independent Dutch translation to use instead). Flagged = a flag of severity
warning or error on the pair.

    python eval/flags.py [--corpora ../shared/corpora] [--seed 0] [--limit N]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from translate import anchors  # noqa: E402
from translate.align import AlignOptions, align  # noqa: E402
from translate.config import FlagConfig  # noqa: E402
from translate.data import Alignment, Link, Severity, Translation  # noqa: E402
from translate.flag import flag  # noqa: E402
from translate.read import document_from_text, normalize  # noqa: E402
from translate.score import score_pairs  # noqa: E402
from translate.segment import segment_document  # noqa: E402

KINDS = ["number", "clause", "vietnamese", "english", "scramble", "repeat", "loop", "chrome", "name", "glued", "bytes"]
TARGET_KINDS = {"number", "vietnamese", "english", "chrome", "loop", "omission"}

# Realistic chrome lines as pasted from Dutch/Vietnamese news pages.
CHROME = [
    "Reactie (0)", "Reacties (12)", "No data", "No videos available", "Lees ook: Hanoi opent nieuwe metrolijn",
    "Lees meer »", "Delen op Facebook", "Deel dit artikel", "Bron: https://vnexpress.net/kinh-te-4562.html",
    "Bron: https://baotuyenquang.com.vn/tin-moi.html", "Advertentie", "Meest gelezen", "Gerelateerde artikelen",
    "In dezelfde categorie", "Terug naar boven", "Alle rechten voorbehouden.", "Volg ons op Facebook",
    "Vietnam.vn - Nền tảng quảng bá Việt Nam", "14/02/2025 10:32", "Tags: economie, Hanoi", "Foto: VNA",
    "Share on Twitter", "Nog geen reacties", "Zoeken", "Accepteer cookies",
]


def load(corpora: Path) -> list[list[tuple[str, str, str]]]:
    """Documents as lists of (vi, nl, en) lines."""
    docs: list[list[tuple[str, str, str]]] = []
    nt = corpora / "ntrex128"

    def lines(p: Path) -> list[str]:
        return p.read_text(encoding="utf-8").splitlines()

    vi, nl, en = lines(nt / "newstest2019-ref.vie.txt"), lines(nt / "newstest2019-ref.nld.txt"), lines(nt / "newstest2019-src.eng.txt")
    ids = [line.split("\t")[0] for line in lines(nt / "DOCUMENT_IDS.tsv")]
    if len(ids) != len(vi):  # header or not: align from the end
        ids = ids[-len(vi):]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(ids):
        groups[d].append(i)
    for idx in groups.values():
        docs.append([(vi[i], nl[i], en[i]) for i in idx])
    fl = corpora / "flores200-dev"
    vi, nl, en = lines(fl / "vie.dev"), lines(fl / "nld.dev"), lines(fl / "eng.dev")
    urls = [line.split("\t")[0] for line in lines(fl / "metadata_dev.tsv")[1:]]
    groups = defaultdict(list)
    for i, u in enumerate(urls):
        groups[u].append(i)
    for idx in groups.values():
        docs.append([(vi[i], nl[i], en[i]) for i in idx])
    return docs


_WORD = re.compile(r"\S+")


def corrupt(kind: str, vi: str, nl: str, en: str, nxt: tuple[str, str, str] | None, rng: random.Random) -> tuple[str, str] | None:
    """(source, rendering) for one corrupted pair, or None when the kind does not apply."""
    words = nl.split()
    if kind == "number":
        src_vals = {n.value for n in anchors.number_spans(vi, "vi") if n.hard}
        cands = [n for n in anchors.number_spans(nl, "nl") if n.hard and n.value in src_vals]
        if not cands:
            return None
        n = rng.choice(cands)
        if rng.random() < 0.5:  # drop
            return vi, re.sub(r"\s{2,}", " ", nl[: n.start] + nl[n.end :]).strip()
        digits = [i for i in range(n.start, n.end) if nl[i].isdigit()]
        i = rng.choice(digits)
        new = rng.choice([d for d in "0123456789" if d != nl[i] and not (i == n.start and d == "0")])
        return vi, nl[:i] + new + nl[i + 1 :]
    if kind == "clause":
        if len(words) < 12:
            return None
        parts = re.split(r"(?<=,)\s+", nl)
        if len(parts) >= 3:
            j = rng.randrange(1, len(parts))
            if len(parts[j].split()) >= 4:
                keep = parts[:j] + parts[j + 1 :]
                out = " ".join(keep)
                return vi, out.rstrip(",") + ("" if out.endswith((".", "!", "?")) else ".")
        m = [i for i, w in enumerate(words) if w in {"en", "maar", "die", "dat", "omdat", "waardoor", "terwijl", "wat", "waarbij"} and 4 <= i <= len(words) - 5]
        if m:
            i = rng.choice(m)
            return vi, " ".join(words[:i]).rstrip(",") + "."
        a = len(words) // 3
        return vi, " ".join(words[:a] + words[a + len(words) // 3 :])
    if kind == "vietnamese":
        return vi, vi
    if kind == "english":
        return vi, en
    if kind == "scramble":
        if len(words) < 6:
            return None
        w = words[:]
        while w == words:
            rng.shuffle(w)
        return vi, " ".join(w)
    if kind == "repeat":
        if len(words) < 6:
            return None
        n = rng.randint(2, 4)
        i = rng.randrange(0, len(words) - n)
        return vi, " ".join(words[: i + n] + words[i : i + n] + words[i + n :])
    if kind == "loop":
        if len(words) < 6:
            return None
        n = rng.randint(3, min(6, len(words) - 1))
        tail = [w.rstrip(".!?") for w in words[-n:]]
        return vi, " ".join(words[:-n] + tail * rng.randint(3, 5))
    if kind == "chrome":
        c = rng.choice(CHROME)
        sep = "\n" if rng.random() < 0.7 else " "  # pasted chrome is mostly a line of its own
        return vi, (nl + sep + c) if rng.random() < 0.6 else (c + sep + nl)
    if kind == "name":
        src_keys = {n.key for n in anchors.name_spans(vi, "vi")}
        cands = [n for n in anchors.name_spans(nl, "nl") if n.key in src_keys and not n.sentence_initial and len(n.text) >= 4]
        if not cands:
            return None
        n = rng.choice(cands)
        if rng.random() < 0.5:
            return vi, re.sub(r"\s{2,}", " ", nl[: n.start] + nl[n.end :]).strip()
        t = n.text
        i = rng.randrange(1, len(t) - 1)
        t2 = t[:i] + t[i + 1] + t[i] + t[i + 2 :] if t[i] != t[i + 1] else t[:i] + t[i + 1 :]
        return vi, nl[: n.start] + t2 + nl[n.end :]
    if kind == "glued":
        if nxt is None or len(nxt[1].split()) < 6:
            return None
        w = nxt[1].split()
        rng.shuffle(w)
        drop = set(rng.sample(range(len(w)), len(w) // 5))
        garbled = " ".join(x for i, x in enumerate(w) if i not in drop)
        return vi + " " + nxt[0], nl + " " + garbled
    if kind == "bytes":
        cands = [m for m in re.finditer(r"[a-z]{4,}", nl)]
        if not cands:
            return None
        m = rng.choice(cands)
        i = m.start() + rng.randrange(1, len(m.group(0)) - 1)
        token = rng.choice(["<0xC3><0xA9>", "<0xC2><0xA3>", "<0xE2><0x80><0x99>"])
        return vi, nl[:i] + token + nl[i + 1 :]
    raise ValueError(kind)


def _join(texts: list[str]) -> tuple[str, list[tuple[int, int]]]:
    spans, pos = [], 0
    texts = [normalize(t)[0] for t in texts]  # NFC first, so offsets stay put
    for t in texts:
        spans.append((pos, pos + len(t)))
        pos += len(t) + 2
    return "\n\n".join(texts), spans


def review_doc(pairs: list[tuple[str, str]], refs: list[str] | None, cfg: FlagConfig):
    """Flags per pair for one document with one 1:1 link per pair (the link holds
    every segment the segmenter finds in that pair's text, on each side)."""
    stext, sspans = _join([p[0] for p in pairs])
    ttext, tspans = _join([p[1] for p in pairs])
    src = segment_document(document_from_text(stext, lang="vi"), "src", "vi")
    tgt = segment_document(document_from_text(ttext, lang="nl"), "tgt", "nl")

    def owner(spans, pos):
        return next(i for i, (a, b) in enumerate(spans) if a <= pos <= b)

    sseg: list[list[int]] = [[] for _ in pairs]
    tseg: list[list[int]] = [[] for _ in pairs]
    for s in src.segments:
        sseg[owner(sspans, s.start)].append(s.index)
    for s in tgt.segments:
        tseg[owner(tspans, s.start)].append(s.index)
    links = [Link(tuple(a), tuple(b)) for a, b in zip(sseg, tseg)]
    alignment = Alignment(links, method="gold-1:1")
    translation = None
    if refs is not None:
        groups = [0] * len(src.segments)
        for p, idx in enumerate(sseg):
            for i in idx:
                groups[i] = p
        translation = Translation(list(refs), groups, "oracle:nl-reference", "against")
    scores = score_pairs(tgt, alignment, translation)
    flags = flag(src, tgt, alignment, translation, scores, cfg)
    per: list[list] = [[] for _ in pairs]
    for f in flags:
        if f.link >= 0 and f.severity >= Severity.WARNING:
            per[f.link].append(f)
    return per


def omission_case(doc: list[tuple[str, str, str]], rng: random.Random, cfg: FlagConfig) -> bool | None:
    if len(doc) < 3:
        return None
    drop = rng.randrange(len(doc))
    sdoc = document_from_text("\n\n".join(v for v, _, _ in doc), lang="vi")
    tdoc = document_from_text("\n\n".join(n for i, (_, n, _) in enumerate(doc) if i != drop), lang="nl")
    src, tgt = segment_document(sdoc, "src", "vi"), segment_document(tdoc, "tgt", "nl")
    alignment = align(src, tgt, None, AlignOptions())
    para = src.paragraphs[drop]
    flags = flag(src, tgt, alignment, None, [None] * len(alignment.links), cfg)
    strict = pointed = exact = False
    others: set[int] = set()  # other source sentences an omission flag points at
    for f in flags:
        if f.severity < Severity.WARNING:
            continue
        on_drop = any(e.side == "src" and para.start <= e.start < para.end for e in f.evidence)
        if f.code == "omission":
            others |= {s.index for s in src.segments for e in f.evidence
                       if e.side == "src" and s.start <= e.start < s.end and s.index not in para.segments}
        if f.code == "omission" and on_drop:
            strict = True
            if alignment.links[f.link].is_omission:
                exact = True
        if on_drop or set(alignment.links[f.link].src) & set(para.segments):
            pointed = True
    # the same document with nothing dropped, through the same aligner: every
    # source sentence an omission flag points at there is a false alarm
    full = segment_document(document_from_text("\n\n".join(n for _, n, _ in doc), lang="nl"), "tgt", "nl")
    clean_alignment = align(src, full, None, AlignOptions())
    false_src: set[int] = set()
    for f in flag(src, full, clean_alignment, None, [None] * len(clean_alignment.links), cfg):
        if f.code == "omission" and f.severity >= Severity.WARNING:
            false_src |= {s.index for s in src.segments for e in f.evidence if e.side == "src" and s.start <= e.start < s.end}
    return strict, pointed, exact, len(false_src), len(src.segments), len(others), len(src.segments) - len(para.segments)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", default=os.environ.get("TRANSLATE_CORPORA", str(ROOT.parent / "shared" / "corpora")))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N documents")
    ap.add_argument("--clean-share", type=float, default=0.5)
    ap.add_argument("--show", type=int, default=0, help="print up to N missed cases and clean false alarms per kind")
    args = ap.parse_args(argv)
    corpora = Path(args.corpora)
    if not (corpora / "ntrex128").is_dir():
        print(f"error: corpora not found at {corpora} (pass --corpora PATH)", file=sys.stderr)
        return 2
    docs = load(corpora)
    if args.limit:
        docs = docs[: args.limit]
    rng = random.Random(args.seed)
    cfg = FlagConfig()
    found: dict[str, Counter] = {"free": Counter(), "oracle": Counter()}
    total: Counter = Counter()
    why: dict[str, Counter] = {"free": Counter(), "oracle": Counter()}
    shown: Counter = Counter()
    t0 = time.perf_counter()
    n_pairs = 0
    for doc in docs:
        pairs: list[tuple[str, str]] = []
        labels: list[str] = []
        for i, (vi, nl, en) in enumerate(doc):
            label, pair = "clean", (vi, nl)
            if rng.random() >= args.clean_share:
                for kind in rng.sample(KINDS, len(KINDS)):
                    got = corrupt(kind, vi, nl, en, doc[i + 1] if i + 1 < len(doc) else None, rng)
                    if got is not None and got[1] != nl:
                        label, pair = kind, got
                        break
            pairs.append(pair)
            labels.append(label)
        refs = [nl for _, nl, _ in doc]
        n_pairs += len(pairs)
        for col, r in (("free", None), ("oracle", refs)):
            per = review_doc(pairs, r, cfg)
            for lab, fl, pair in zip(labels, per, pairs):
                if col == "free":
                    total[lab] += 1
                if fl:
                    found[col][lab] += 1
                    for code in {f.code for f in fl}:
                        why[col][(lab, code)] += 1
                elif col == "free" and lab != "clean" and shown[lab] < args.show:
                    shown[lab] += 1
                    print(f"MISSED {lab}: {pair[1][:160]}")
                if col == "free" and lab == "clean" and fl and shown["clean"] < args.show:
                    shown["clean"] += 1
                    print(f"FALSE  {[f.code + ': ' + f.message[:100] for f in fl]}\n   vi: {pair[0][:150]}\n   nl: {pair[1][:150]}")
    # omission through the real aligner
    orng = random.Random(args.seed + 1)
    for doc in docs:
        r = omission_case(doc, orng, cfg)
        if r is not None:
            for col in ("free", "oracle"):
                found[col]["omission"] += int(r[0])
                found[col]["omission*"] += int(r[1])
                found[col]["omission@1:0"] += int(r[2])
                found[col]["omission FP"] += r[3]
                found[col]["omission FP*"] += r[5]
            for row in ("omission", "omission*", "omission@1:0"):
                total[row] += 1
            total["omission FP"] += r[4]
            total["omission FP*"] += r[6]
    dt = time.perf_counter() - t0

    print(f"\nflag-stage evaluation: {len(docs)} documents, {n_pairs} pairs (NTREX-128 + FLORES-200 dev, vi->nl), seed {args.seed}, {dt:.0f} s")
    print("flagged = a flag of severity warning or error on the pair; oracle = MT checks with the clean nl reference as re-translation (upper bound)\n")
    print(f"{'kind':<12}{'n':>6}  {'model-free':>10}  {'+oracle MT':>10}  target  top codes (model-free)")
    rows = [k for k in KINDS + ["omission", "omission*", "omission@1:0"] if total[k]]
    for k in rows:
        rf = found["free"][k] / total[k]
        ro = found["oracle"][k] / total[k]
        tgt = ">=0.95" if k in TARGET_KINDS else ""
        ok = ("ok" if rf >= 0.95 else "MISS") if tgt else ""
        codes = ", ".join(f"{c} {n}" for (lab, c), n in why["free"].most_common() if lab == k)[:60]
        print(f"{k:<12}{total[k]:>6}  {rf:>10.3f}  {ro:>10.3f}  {tgt:>6} {ok:<4} {codes}")
    cf = found["free"]["clean"] / max(1, total["clean"])
    co = found["oracle"]["clean"] / max(1, total["clean"])
    codes = ", ".join(f"{c} {n}" for (lab, c), n in why["free"].most_common() if lab == "clean")[:60]
    print("omission: an omission flag points at the dropped line; omission*: any warning/error flag on the link holding it;")
    print("omission@1:0: the flag is on a 1:0 link the aligner put on the dropped line (not a nearby alternative)")
    if total["omission FP"]:
        of = found["free"]["omission FP"] / total["omission FP"]
        print(f"{'omission FP':<12}{total['omission FP']:>6}  {of:>10.3f}  {of:>10.3f}  {'<=0.02':>6} {'ok' if of <= 0.02 else 'MISS':<4} "
              "source sentences of the undamaged documents, aligned, that an omission flag points at")
        of2 = found["free"]["omission FP*"] / max(1, total["omission FP*"])
        print(f"{'omission FP*':<12}{total['omission FP*']:>6}  {of2:>10.3f}  {of2:>10.3f}  {'':>6} {'':<4} "
              "the same for the other lines of the damaged documents (a wrong 1:0, or a named alternative)")
    print(f"{'clean (FP)':<12}{total['clean']:>6}  {cf:>10.3f}  {co:>10.3f}  {'<=0.02':>6} {'ok' if cf <= 0.02 else 'MISS':<4} {codes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
