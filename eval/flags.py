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
  glued     the next sentence is glued on (both sides), the Dutch one garbled (and the re-translation's
            next line glued on in --against modes: a re-translation of that source translates both)
  bytes     byte tokens (<0xC3><0xA9>) replace a letter

Each document is reviewed with one 1:1 link per line (the link holds every
sentence the segmenter finds in that line), so the document-relative checks see a
realistic document. ``omission`` is measured separately with the real aligner:
one Dutch line of each document is deleted, both texts are segmented and aligned
by ``translate.alignment.aligner.align`` (no re-translation), and the case counts as found
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

    python eval/flags.py [--corpora ../shared/corpora] [--seeds 4] [--limit N] [--modes free,oracle,opus-mt,nllb-3.3B,nllb-1.3B] [--show N]

End to end (the reported table): each document is written as raw vi/nl files (and an --against
file built from that document's lines of each real system) and reviewed by translate.pipeline.review
with the options `translate review --json` builds; flags map back to the gold lines by character span.
One seed over all 544 documents and five modes takes about 140 s on one busy core; 4 seeds about 10 min.
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

from translate.text import anchors  # noqa: E402
from translate.alignment.aligner import AlignOptions, align  # noqa: E402
from translate.checks.config import FlagConfig  # noqa: E402
from translate.data import Alignment, Link, Severity, Translation  # noqa: E402
from translate.checks.flag import flag  # noqa: E402
from translate.read.document import document_from_text, normalize  # noqa: E402
from translate.score import score_pairs  # noqa: E402
from translate.text.segment import segment_document  # noqa: E402

KINDS = ["number", "clause", "vietnamese", "english", "scramble", "repeat", "loop", "chrome", "name", "glued", "bytes",
         "truncation", "appended", "negation", "swapname"]
# recall targets end to end (issue 12); clean false-alarm target below
TARGETS = {"number": 0.95, "vietnamese": 0.95, "english": 0.95, "chrome": 0.95, "repeat": 0.95, "loop": 0.95,
           "scramble": 0.90, "truncation": 0.90, "clause": 0.90, "appended": 0.90, "negation": 0.80, "swapname": 0.80}
CLEAN_TARGET = 0.02

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


def corrupt(kind: str, vi: str, nl: str, en: str, nxt: tuple[str, str, str] | None, rng: random.Random,
            extra: dict | None = None) -> tuple[str, str] | None:
    """(source, rendering) for one corrupted pair, or None when the kind does not apply."""
    got = _corrupt(kind, vi, nl, en, nxt, rng, extra)
    if got is not None and got[0] is None:
        return vi, got[1]
    return got


def _corrupt(kind, vi, nl, en, nxt, rng, extra):
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
    if kind == "truncation":  # the sentence stops early (a real MT failure: NTREX line 612)
        if len(words) < 8:
            return None
        cut = rng.randint(int(len(words) * 0.4), int(len(words) * 0.7))
        return vi, " ".join(words[:cut]).rstrip(",;:") + "."
    if kind == "appended":  # an unrelated sentence glued on (from another document)
        if not extra or not extra.get("unrelated"):
            return None
        return vi, nl + " " + rng.choice(extra["unrelated"])
    if kind == "negation":
        return _negate(nl, rng)
    if kind == "swapname":
        return _swap_name(vi, nl, (extra or {}).get("avoid", ""), rng)
    raise ValueError(kind)


# Negation (issue 12): remove a Dutch negation, or add "niet" after a finite verb.
_NL_NEG = re.compile(r"\b(niet|geen|nooit|niets|niks|nergens|noch|niemand|nimmer)\b", re.IGNORECASE)
_NEG_SWAP = {"geen": "een", "nooit": "altijd", "niets": "alles", "niks": "alles", "nergens": "overal",
             "niemand": "iedereen", "nimmer": "altijd"}
# "wel of niet", "al dan niet", "... of niet?" do not negate anything: taking the "niet" out gives a broken
# phrase, not a sentence that says the opposite, so they are no candidates (nor is "noch", which pairs)
_NL_NEG_IDLE = re.compile(r"\b(?:wel\s+of|al\s+dan)\s+niet\b|\bof\s+niet\b(?=\s*(?:[?.,;:!'\"\u201d\u2019)]|$))", re.IGNORECASE)
_FINITE = {"is", "zijn", "was", "waren", "heeft", "hebben", "had", "hadden", "kan", "kunnen", "kon", "konden",
           "zal", "zullen", "zou", "zouden", "wordt", "worden", "werd", "werden", "moet", "moeten", "wil", "willen",
           "mag", "mogen"}
# "zijn" is also the possessive ("zijn partij"): "niet" after it gives "zijn niet partij", no negation. The verb
# follows a plural pronoun or "er", or stands before an article, adverb, preposition or participle; the
# possessive stands before a noun or adjective.
_ZIJN_VERB_BEFORE = {"we", "wij", "ze", "zij", "jullie", "er"}
_ZIJN_VERB_AFTER = re.compile(r"(?:de|het|een|er|al|nog|ook|dan|nu|toen|daar|hier|erg|zeer|heel|zo|in|op|aan|bij|van|"
                              r"voor|met|door|uit|te|ge\w+[dtn])$", re.IGNORECASE)


def _negate(nl: str, rng: random.Random) -> tuple[str, str] | None:
    if _NL_NEG.search(nl):
        idle = [m.span() for m in _NL_NEG_IDLE.finditer(nl)]
        negs = [m for m in _NL_NEG.finditer(nl) if m.group(0).lower() != "noch"
                and not any(a <= m.start() < b for a, b in idle)]
        if not negs:
            return None
        m = rng.choice(negs)
        w = m.group(0).lower()
        rep = _NEG_SWAP.get(w, "")
        if rep and m.group(0)[0].isupper():
            rep = rep.capitalize()
        out = re.sub(r"\s{2,}", " ", nl[: m.start()] + rep + nl[m.end():]).strip()
        return None, out
    toks = list(re.finditer(r"\S+", nl))

    def finite(i: int) -> bool:
        w = toks[i].group(0).lower()
        if w not in _FINITE:
            return False
        if w != "zijn":
            return True
        return (toks[i - 1].group(0).lower() in _ZIJN_VERB_BEFORE
                or bool(_ZIJN_VERB_AFTER.match(toks[i + 1].group(0).strip(".,;:!?'\"\u2018\u2019"))))

    cands = [toks[i] for i in range(1, len(toks) - 1) if finite(i)]
    if not cands:
        return None
    t = rng.choice(cands)
    return None, nl[: t.end()] + " niet" + nl[t.end():]


# Names no vi/nl news line here uses; one that is in neither the source nor any re-translation is picked.
_OTHER_NAMES = ["Jansen", "Van der Berg", "Oslo", "Marseille", "Petrovski", "Huygens", "Bakker", "Winnipeg",
                "Okonkwo", "Lindqvist", "Tromsø", "Almería", "Kowalczyk", "Fitzgerald", "Nagasaki", "Rotterdam"]


def _swap_name(vi: str, nl: str, avoid: str, rng: random.Random) -> tuple[str, str] | None:
    src_keys = {n.key for n in anchors.name_spans(vi, "vi")}
    cands = [n for n in anchors.name_spans(nl, "nl") if n.key in src_keys and not n.sentence_initial and len(n.text) >= 3]
    if not cands:
        return None
    n = rng.choice(cands)
    low = (vi + " " + nl + " " + avoid).lower()
    others = [x for x in _OTHER_NAMES if x.lower() not in low]
    return None, nl[: n.start] + rng.choice(others) + nl[n.end:]


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


def load_sets(corpora: Path) -> list[tuple[str, list[list[tuple[str, str, str]]], dict[str, list[list[str]]]]]:
    """(corpus name, documents of (vi, nl, en) lines, {system: per-document re-translation lines})."""
    def lines(p: Path) -> list[str]:
        return p.read_text(encoding="utf-8").splitlines()

    def grouped(keys: list[str], *cols: list[str]) -> list[list[tuple]]:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, k in enumerate(keys):
            groups[k].append(i)
        return [[tuple(c[i] for c in cols) for i in idx] for idx in groups.values()]

    out = []
    nt, rm = corpora / "ntrex128", corpora / "realmt"
    vi, nl, en = lines(nt / "newstest2019-ref.vie.txt"), lines(nt / "newstest2019-ref.nld.txt"), lines(nt / "newstest2019-src.eng.txt")
    ids = [line.split("\t")[0] for line in lines(nt / "DOCUMENT_IDS.tsv")][-len(vi):]
    systems = {"opus-mt": rm / "ntrex128" / "opus-mt-tc-bible-big-mul-deu_eng_nld.bytefallback-decoded.nld"}
    cols = [vi, nl, en] + [lines(f) for f in systems.values() if f.is_file()]
    g = grouped(ids, *cols)
    names = [k for k, f in systems.items() if f.is_file()]
    out.append(("ntrex", [[r[:3] for r in d] for d in g], {k: [[r[3 + j] for r in d] for d in g] for j, k in enumerate(names)}))
    fl = corpora / "flores200-dev"
    vi, nl, en = lines(fl / "vie.dev"), lines(fl / "nld.dev"), lines(fl / "eng.dev")
    urls = [line.split("\t")[0] for line in lines(fl / "metadata_dev.tsv")[1:]]
    out.append(("flores-dev", grouped(urls, vi, nl, en), {}))
    op = rm / "flores200-devtest-open"
    if op.is_dir():
        vi, nl, en = lines(op / "SOURCE.vie"), lines(op / "REFERENCE.nld"), lines(op / "REFERENCE.eng")
        urls = [line.split("\t")[1] for line in lines(op / "metadata.tsv")[1:]]
        systems = {"opus-mt": op / "opus-mt-tc-bible-big-mul-deu_eng_nld.bytefallback-decoded.nld",
                   "nllb-3.3B": op / "nllb-200-3.3B.nld", "nllb-1.3B": op / "nllb-200-distilled-1.3B.nld"}
        names = [k for k, f in systems.items() if f.is_file()]
        g = grouped(urls, vi, nl, en, *[lines(systems[k]) for k in names])
        out.append(("flores-open", [[r[:3] for r in d] for d in g], {k: [[r[3 + j] for r in d] for d in g] for j, k in enumerate(names)}))
    return out


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval of a proportion k/n."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / d
    return max(0.0, c - h), min(1.0, c + h)


def corrupt_doc(doc, rng: random.Random, share: float, unrelated: list[str], avoid: str):
    """Labels and (vi, nl) lines for one document: about ``share`` of the lines corrupted."""
    pairs, labels = [], []
    for i, (vi, nl, en) in enumerate(doc):
        label, pair = "clean", (vi, nl)
        if rng.random() < share:
            extra = {"unrelated": unrelated, "avoid": avoid}
            for kind in rng.sample(KINDS, len(KINDS)):
                got = corrupt(kind, vi, nl, en, doc[i + 1] if i + 1 < len(doc) else None, rng, extra)
                if got is not None and got[1] != nl:
                    label, pair = kind, got
                    break
        pairs.append(pair)
        labels.append(label)
    return pairs, labels


def against_lines(lines_: list[str], labels: list[str]) -> list[str]:
    """The --against file's lines for a corrupted document: a system's (or the reference's) lines, each
    ``glued`` line with the next line glued on. A glued line's source holds the next line's sentence too,
    and a re-translation of that source translates both; the file used to hold only this line's, which
    read as a re-translation that had dropped a sentence (it made the rendering's glued-on part look
    unsupported, and a merged pair look as long as its re-translation)."""
    return [t + " " + lines_[i + 1] if lab == "glued" and i + 1 < len(lines_) else t
            for i, (t, lab) in enumerate(zip(lines_, labels))]


def _write(path: Path, lines_: list[str]) -> list[tuple[int, int]]:
    """Write one paragraph per line (blank line between) as the file a user has; spans per line."""
    text, spans = _join(lines_)
    path.write_text(text + "\n", encoding="utf-8")
    return spans


def review_e2e(src_path: Path, tgt_path: Path, against: Path | None, sspans, tspans):
    """Flags per gold line through translate.pipeline.review with the options ``translate review --json``
    builds (--no-model, or --against FILE). A flag touches a line when its evidence (either side) lies in
    that line's span, or, for a flag without evidence, when a segment of its link does."""
    from translate.checks.configfile import apply_overrides, load_config
    from translate.pipeline import ReviewOptions, review

    opts = ReviewOptions(model=None, against=str(against) if against else None, cache=False, progress=False)
    opts.flags = apply_overrides(load_config(None), None, None)
    res = review(str(src_path), str(tgt_path), opts)

    def line_of(spans, pos):
        for i, (a, b) in enumerate(spans):
            if a <= pos < b + 1:
                return i
        return None

    per: list[set[str]] = [set() for _ in tspans]
    for f in res.flags:
        if f.link < 0 or f.severity < Severity.WARNING:
            continue
        hit = set()
        for e in f.evidence:
            spans = sspans if e.side == "src" else tspans
            i = line_of(spans, e.start)
            if i is not None:
                hit.add(i)
        if not hit:
            link = res.alignment.links[f.link]
            hit |= {line_of(tspans, res.target.segments[j].start) for j in link.tgt}
            hit |= {line_of(sspans, res.source.segments[j].start) for j in link.src}
            hit.discard(None)
        for i in hit:
            per[i].add(f.code)
    return per


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", default=os.environ.get("TRANSLATE_CORPORA", str(ROOT.parent / "shared" / "corpora")))
    ap.add_argument("--seeds", type=int, default=4, help="seeds pooled (0..N-1); at least 4 for the reported table")
    ap.add_argument("--first-seed", type=int, default=0,
                    help="first seed (seeds first..first+N-1): tune on some seeds, confirm on others")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N documents of each corpus")
    ap.add_argument("--share", type=float, default=0.2, help="share of Dutch lines corrupted")
    ap.add_argument("--modes", default="free,oracle,opus-mt,nllb-3.3B,nllb-1.3B")
    ap.add_argument("--no-fixed", action="store_true", help="skip the fixed-link diagnostic column")
    ap.add_argument("--omission", action="store_true", help="also run the dropped-line omission diagnostic (fixed aligner case)")
    ap.add_argument("--show", type=int, default=0, help="print up to N missed cases per kind and N clean false alarms per mode")
    args = ap.parse_args(argv)
    corpora = Path(args.corpora)
    if not (corpora / "ntrex128").is_dir():
        print(f"error: corpora not found at {corpora} (pass --corpora PATH)", file=sys.stderr)
        return 2
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    sets = load_sets(corpora)
    cfg = FlagConfig()
    total: dict[str, Counter] = defaultdict(Counter)  # mode -> kind -> n
    found: dict[str, Counter] = defaultdict(Counter)
    codes: dict[str, Counter] = defaultdict(Counter)  # mode -> (kind, code)
    split: dict[str, Counter] = defaultdict(Counter)  # mode -> (corpus, seed, "n"/"hit"): clean lines, to see no one corpus or seed carries a figure
    shown: Counter = Counter()
    t0 = time.perf_counter()
    n_docs = n_lines = 0
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            for cname, docs, systems in sets:
                rng = random.Random(f"{seed}:{cname}")
                chosen = docs[: args.limit] if args.limit else docs
                for di, doc in enumerate(chosen):
                    others = [nl for dj, d in enumerate(docs) if dj != di for _, nl, _ in d[:2]]
                    unrelated = rng.sample(others, min(20, len(others)))
                    avoid = " ".join(" ".join(s[di]) for s in systems.values())
                    pairs, labels = corrupt_doc(doc, rng, args.share, unrelated, avoid)
                    n_docs += 1
                    n_lines += len(pairs)
                    src, tgt = tmpd / "source.vi.txt", tmpd / "rendering.nl.txt"
                    sspans, tspans = _write(src, [p[0] for p in pairs]), _write(tgt, [p[1] for p in pairs])
                    refs = [nl for _, nl, _ in doc]
                    runs: list[tuple[str, list[str] | None]] = []
                    for m in modes:
                        if m == "free":
                            runs.append((m, None))
                        elif m == "oracle":
                            runs.append((m, against_lines(refs, labels)))
                        elif m in systems:
                            runs.append((m, against_lines(systems[m][di], labels)))
                    for m, ag in runs:
                        apath = None
                        if ag is not None:
                            apath = tmpd / "against.nl.txt"
                            _write(apath, ag)
                        per = review_e2e(src, tgt, apath, sspans, tspans)
                        for lab, hit, pair in zip(labels, per, pairs):
                            total[m][lab] += 1
                            if lab == "clean":
                                split[m][(cname, seed, "n")] += 1
                                split[m][(cname, seed, "hit")] += bool(hit)
                            if hit:
                                found[m][lab] += 1
                                for c in hit:
                                    codes[m][(lab, c)] += 1
                            if args.show and ((lab != "clean" and not hit) or (lab == "clean" and hit)):
                                key = (m, lab if lab != "clean" else "clean")
                                if shown[key] < args.show:
                                    shown[key] += 1
                                    print(f"[{m}] {'FALSE ' + str(sorted(hit)) if hit else 'MISSED ' + lab}\n   vi: {pair[0][:150]}\n   nl: {pair[1][:150]}")
                        if m == "free":  # the same documents for the comparison with each real system
                            for s in systems:
                                for lab, hit in zip(labels, per):
                                    total["free@" + s][lab] += 1
                                    found["free@" + s][lab] += bool(hit)
                    if not args.no_fixed:
                        for col, r in (("fixed-free", None), ("fixed-oracle", refs)):
                            per_fixed = review_doc(pairs, r, cfg)
                            for lab, fl in zip(labels, per_fixed):
                                total[col][lab] += 1
                                found[col][lab] += bool(fl)
    dt = time.perf_counter() - t0
    cols = [m for m in modes if total[m]] + ([c for c in ("fixed-free", "fixed-oracle") if total[c]])
    print(f"\nflag evaluation end to end: {n_docs} document reviews ({n_lines} lines; NTREX-128, FLORES-200 dev, "
          f"FLORES devtest open half; {args.seeds} seeds pooled, {args.share:.0%} of lines corrupted), {dt:.0f} s")
    print("each document written as raw vi/nl files and reviewed by translate.pipeline.review as `translate review --json` "
          "does (--no-model, or --against FILE); recall = share of corrupted lines with a warning/error touching them; "
          "clean = share of clean lines with one. [lo-hi] = 95 % Wilson interval. fixed-* = one gold link per line (diagnostic)\n")
    head = f"{'kind':<11}{'target':>8}" + "".join(f"{c:>24}" for c in cols)
    print(head)
    ok = True
    for k in KINDS + ["clean"]:
        if not any(total[c][k] for c in cols):
            continue
        tgt = TARGETS.get(k)
        row = f"{k:<11}{('>=' + format(tgt, '.2f')) if tgt else ('<=' + format(CLEAN_TARGET, '.2f') if k == 'clean' else ''):>8}"
        for c in cols:
            n, f = total[c][k], found[c][k]
            if not n:
                row += f"{'-':>24}"
                continue
            lo, hi = wilson(f, n)
            r = f / n
            miss = ""
            if not c.startswith("fixed") and c != "oracle":
                if (tgt and r < tgt) or (k == "clean" and r > CLEAN_TARGET):
                    miss, ok = "!", False
            row += f"{f'{r:.3f}{miss} [{lo:.2f}-{hi:.2f}] n{n}':>24}"
        print(row)
    print("! = misses its target (the oracle column is an upper bound and not held to targets)")
    # a real re-translation must add evidence, not noise: compare with no model on the same documents
    for m in modes:
        if m in ("free", "oracle") or not total[m]:
            continue
        worse = []
        for k in KINDS + ["clean"]:
            n = total[m][k]
            if not n:
                continue
            a, b = found["free@" + m][k] / n, found[m][k] / n
            if (k == "clean" and b > a) or (k != "clean" and b < a):
                worse.append(f"{k} {a:.3f}->{b:.3f}")
        print(f"{m} vs no model on the same documents: " + ("no kind worse" if not worse else "WORSE: " + ", ".join(worse)))
        if worse:
            ok = False
    print("\nclean flagged per corpus and seed (false alarms; target applies to the pooled figure):")
    for m in modes:
        if not total[m]:
            continue
        keys = sorted({(c, sd) for c, sd, _ in split[m]})
        print(f"  {m:<10}" + "  ".join(f"{c}/s{sd} {split[m][(c, sd, 'hit')] / split[m][(c, sd, 'n')]:.3f}" for c, sd in keys
                                       if split[m][(c, sd, "n")]))
    print("\ntop codes on clean lines: " + "; ".join(
        f"{m}: " + ", ".join(f"{c} {n}" for (lab, c), n in codes[m].most_common() if lab == "clean")[:120] for m in modes if total[m]))
    # every code's clean false alarms as a share of the clean lines (the line above is cut short)
    for m in modes:
        if total[m]["clean"]:
            print(f"clean FA per code [{m}]: " + ", ".join(
                f"{c} {n / total[m]['clean']:.2%}" for (lab, c), n in codes[m].most_common() if lab == "clean"))
    if args.omission:
        orng = random.Random(1)
        hit = n = 0
        for _, docs, _ in sets:
            for doc in docs[: args.limit] if args.limit else docs:
                r = omission_case(doc, orng, cfg)
                if r is not None:
                    n += 1
                    hit += int(r[0])
        print(f"omission (one line dropped, real aligner): {hit}/{n}")
    print("\nresult: " + ("all targets met" if ok else "MISS (targets above marked !)"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
