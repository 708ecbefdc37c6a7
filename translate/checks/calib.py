"""How far to trust a re-translation, measured on the document itself (issue 12).

vi->nl re-translations are weak (BLEU 15-19): a clean human sentence scores a median
chrF of about 47 against one, and a truncated one about 30, so fixed chrF cuts flag good
text. Every MT-based decision therefore reads a pair's scores *relative to the
document's own pairs against the same re-translation*:

* chrF: robust z-score ``(chrF - centre) / spread`` where centre and spread are the
  document's median and 1.4826 x MAD, shrunk towards a prior for short documents
  (``mt_prior_weight`` pseudo-pairs at ``mt_prior_chrf`` +- ``mt_prior_chrf_spread``):
  a three-sentence article is judged mostly by the prior, a long one by itself;
* length: the log ratio of the rendering's length to the re-translation's (both Dutch,
  so the prior centre is 0), as a robust z-score shrunk the same way: a rendering much
  shorter than the re-translation, relative to how the document usually compares, is
  missing something; much longer, has something added;
* coverage: the longest run of re-translation words that the rendering does not
  support (character 3-grams), the words a dropped clause leaves behind, and the
  longest run of rendering words the re-translation does not support.

Other checks (length-ratio, number-mismatch, omission) read the same view to *clear*
a model-free suspicion the re-translation contradicts: the re-translation then adds
evidence either way instead of only adding flags.

Hand-written: a median/MAD with a prior is a few lines; no statistics library offers
the shrinkage toward a prior that a short document needs.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from statistics import median

from ..score import sentence_chrf
from ..text import anchors
from .base import Context

_TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
# Short function words carry little evidence either way: they neither start nor break a run.
_NEUTRAL_MAX_LEN = 3


def _grams(word: str, n: int = 3) -> set[str]:
    w = f" {word.lower()} "
    return {w[i : i + n] for i in range(max(1, len(w) - n + 1))}


_ACRONYM = re.compile(r"(?<![\w-])([A-Z]{2,5})(?![\w-])")


def contract_acronyms(retrans: str, rendering: str) -> str:
    """``retrans`` with each spelled-out name whose initials are an acronym of ``rendering`` written as that
    acronym: "het Verenigd Koninkrijk uit de Europese Unie" -> "het VK uit de EU" when the rendering says
    VK and EU. A re-translation spells out what a translator abbreviates (VK, EU, VS, VN), so measured
    with the spelled-out form a sound rendering looks short against it and its words unsupported."""
    acronyms = dict.fromkeys(m.group(1) for m in _ACRONYM.finditer(rendering))
    out = retrans
    for a in acronyms:
        if a in out:
            continue
        # len(a) capitalized words in a row (hyphens kept inside a word) whose initials spell it
        rx = re.compile(r"(?<![\w-])" + r"\s+".join(f"{ch}[^\\W\\d_]+(?:-[^\\W\\d_]+)*" for ch in a) + r"(?![\w-])")
        out = rx.sub(a, out)
    return out


def coverage_runs(hypothesis: str, reference: str, min_coverage: float) -> tuple[list[tuple[int, int, int]], int]:
    """Runs of words of ``hypothesis`` with no support in ``reference``.

    A word is supported when at least ``min_coverage`` of its character 3-grams
    (with word-boundary padding, so inflections and compounds still match) occur in
    the reference. Returns ([(start, end, n_unsupported_words)], content words).
    """
    ref_grams: set[str] = set()
    for w in _TOKEN.findall(reference):
        ref_grams |= _grams(w)
    runs: list[tuple[int, int, int]] = []
    cur: list[tuple[int, int]] = []
    content = 0
    for m in _TOKEN.finditer(hypothesis):
        word = m.group(0)
        if len(word) <= _NEUTRAL_MAX_LEN and not word.isdigit():
            continue
        content += 1
        grams = _grams(word)
        cov = len(grams & ref_grams) / len(grams)
        if cov < min_coverage:
            cur.append((m.start(), m.end()))
        elif cur:
            runs.append((cur[0][0], cur[-1][1], len(cur)))
            cur = []
    if cur:
        runs.append((cur[0][0], cur[-1][1], len(cur)))
    return runs, content


def shrunk(values: list[float], prior: float, prior_spread: float, weight: float, floor: float,
           min_n: int = 5) -> tuple[float, float]:
    """(centre, spread) of ``values``: median and 1.4826 x MAD, each blended with a prior
    worth ``weight`` pseudo-values (so a short document leans on the prior), spread at least
    ``floor``. Under ``min_n`` values (the minimum document size) the document says nothing
    about itself (the median of one pair is that pair; the MAD of two, half their distance):
    the prior alone is the fallback."""
    n = len(values)
    if n < max(1, min_n):
        return prior, max(floor, prior_spread)
    med = median(values)
    mad = 1.4826 * median(abs(v - med) for v in values)
    w = n / (n + weight) if weight > 0 else 1.0
    return w * med + (1 - w) * prior, max(floor, w * mad + (1 - w) * prior_spread)


def _chars(text: str) -> int:
    return len("".join(text.split()))


@dataclass(frozen=True)
class PairView:
    """One scored pair seen against its re-translation, relative to the document."""

    chrf: float
    chrf_z: float
    """Robust z of the chrF against the document's pairs (negative: worse than usual)."""
    length_z: float
    """Robust z of log(rendering length / re-translation length) against the document's."""
    length_ratio: float
    """Rendering length / re-translation length, divided by the document's typical ratio."""
    missing: str
    """The longest run of re-translation words the rendering does not support ('' when none)."""
    missing_words: int
    unsupported_words: int
    """Words in the longest run of the rendering the re-translation does not support."""
    ref_chars: int
    chrf_z_raw: float = 0.0
    """The chrF z-score at the document's spread, before the widening for a short pair."""
    short: bool = False
    """The pair is shorter than the document's typical pair (its chrF spread was widened)."""


@dataclass(frozen=True)
class DocView:
    chrf_centre: float
    chrf_spread: float
    length_centre: float
    length_spread: float
    pairs: dict[int, PairView]


def short_pair_widening(size: float, typical: float, cap: float) -> float:
    """How much wider a pair's spread is than the document's: sqrt(typical / size) for a pair shorter
    than the document's typical pair (a score averaged over fewer characters or words varies more,
    about 1 / sqrt(length)), at least 1, at most ``cap``; 1 when either length is unknown (0)."""
    if size <= 0 or typical <= 0:
        return 1.0
    return min(cap, max(1.0, math.sqrt(typical / size)))


def wider_than_pair(ctx: Context, k: int) -> bool:
    """Whether the re-translation of link ``k``'s source also translates source segments outside the
    link (a given file paired m:n with the source, its group spanning two links): then its length and
    n-grams say nothing about this pair alone, and no MT-based length or chrF test may read it."""
    tr = ctx.translation
    if tr is None or k >= len(ctx.alignment.links):
        return False
    spans = ctx.cache.get("group_spans")
    if spans is None:
        spans = ctx.cache["group_spans"] = {}
        for i, g in enumerate(tr.groups):
            spans.setdefault(g, set()).add(i)
    src = set(ctx.alignment.links[k].src)
    return any(not spans.get(tr.groups[i], set()) <= src for i in src if i < len(tr.groups))


def mt_view(ctx: Context) -> DocView:
    """The document's pairs against the re-translation (cached on the context)."""
    cached = ctx.cache.get("mt_view")
    if cached is not None:
        return cached
    cfg = ctx.config
    rows = []
    for k, s in enumerate(ctx.scores):
        if s is None or k >= len(ctx.alignment.links):
            continue
        if wider_than_pair(ctx, k):
            # the re-translation's sentence also covers source outside this pair (a given file paired m:n):
            # its length and n-grams say nothing about this pair alone
            continue
        hyp = ctx.tgt_text(k)
        ref = contract_acronyms(s.reference, hyp)  # "VK" in the rendering is no shorter than "Verenigd Koninkrijk"
        h, r = _chars(hyp), _chars(ref)
        if not h or not r:
            continue
        rows.append((k, s, hyp, math.log(h / r), r, ref))
    rows = _drop_mispaired(ctx, rows, cfg)
    c_mid, c_sd = shrunk([row[1].chrf for row in rows], cfg.mt_prior_chrf, cfg.mt_prior_chrf_spread, cfg.mt_prior_weight, cfg.mt_prior_chrf_spread,
                          cfg.min_scored_for_z)
    l_mid, l_sd = shrunk([row[3] for row in rows], 0.0, cfg.mt_length_prior_spread, cfg.mt_prior_weight, cfg.mt_length_prior_spread,
                          cfg.min_scored_for_z)
    # chrF is a mean over the pair's character n-grams, so its sampling spread grows as the pair gets
    # shorter (about 1 / sqrt(length)): a four-word sentence that shares no n-gram with a weak
    # re-translation is as ordinary as a long one at half the distance. The document's spread holds for
    # its typical pair length; a shorter pair's is widened by sqrt(typical / its length), at most
    # mt_short_spread_max times (low-chrf checks.mt then needs a length sign for a short pair to use the
    # document's own spread). Clean low-chrf lines with OPUS-MT, eval/flags.py 4 seeds: 42 -> 19
    sizes = [(_chars(hyp) + r) / 2 for _, _, hyp, _, r, _ in rows]
    typical = median(sizes) if sizes else 0.0
    pairs: dict[int, PairView] = {}
    for (k, s, hyp, lr, r, ref), size in zip(rows, sizes):
        widen = short_pair_widening(size, typical, cfg.mt_short_spread_max)
        miss_runs, _ = coverage_runs(ref, hyp, cfg.ngram_coverage_min)
        best = max(miss_runs, key=lambda x: x[2], default=None)
        runs = ctx.cache.get(f"runs:{k}")
        if runs is None:
            runs = ctx.cache[f"runs:{k}"] = coverage_runs(hyp, s.reference, cfg.ngram_coverage_min)
        pairs[k] = PairView(
            chrf=s.chrf, chrf_z=(s.chrf - c_mid) / (c_sd * widen), length_z=(lr - l_mid) / l_sd,
            length_ratio=math.exp(lr - l_mid),
            missing=ref[best[0]:best[1]] if best else "", missing_words=best[2] if best else 0,
            unsupported_words=max((x[2] for x in runs[0]), default=0), ref_chars=r,
            chrf_z_raw=(s.chrf - c_mid) / c_sd, short=widen > 1.0,
        )
    view = DocView(c_mid, c_sd, l_mid, l_sd, pairs)
    ctx.cache["mt_view"] = view
    # a rendering that also renders a neighbouring 1:0 sentence (see merged_omissions) is judged against
    # only part of what it says: its length and n-grams say nothing about this pair alone, as for a
    # re-translation wider than the pair
    for n in set(merged_omissions(ctx).values()):
        pairs.pop(n, None)
    return view


def joined_links(ctx: Context, k: int) -> list[int]:
    """Link ``k`` and the 1:0 links whose sentence its rendering renders as well (merged_omissions), in
    order: the source a check comparing content (names, numbers) must read for this rendering."""
    return sorted([k] + [o for o, n in merged_omissions(ctx).items() if n == k])


def _anchors_carried(src: str, neighbour_src: str, rendering: str, src_lang: str, tgt_lang: str) -> bool:
    """Whether ``rendering`` has every name and number of ``src`` that ``neighbour_src`` lacks (at least one)."""
    def keys(text: str, lang: str) -> set[str]:
        return ({n.key for n in anchors.name_spans(text, lang)}
                | {"#" + n.value for n in anchors.number_spans(text, lang) if n.hard})

    own = keys(src, src_lang) - keys(neighbour_src, src_lang)
    return bool(own) and own <= keys(rendering, tgt_lang)


def _foreign_name_left_out(src: str, neighbour_src: str, rendering: str, src_lang: str, tgt_lang: str) -> bool:
    """Whether ``src`` has a foreign name (:func:`anchors.foreign_names`: a capitalised word that is no
    Vietnamese syllable, "Hammel", "NATO") that ``neighbour_src`` lacks and no word of ``rendering``
    resembles (difflib ratio under 0.75, so a misspelled name, "Smubung" for "Sumbung", still counts as
    kept: the name check reports it). A rendering that joins the two sentences keeps such a name (94 %
    of them are in their own sentence's rendering, NTREX / FLORES dev); the re-translation alone may
    still find the neighbour's rendering close enough when the sentence is short ("Hammel chia sẻ
    thêm." left out after a long quote, NTREX golden report ntrex-03). Vietnamese sources only."""
    if src_lang != "vi":
        return False
    theirs = {anchors.fold(w).lower() for w in anchors.foreign_names(neighbour_src)}
    own = {anchors.fold(w).lower() for w in anchors.foreign_names(src)} - theirs
    if not own:
        return False
    words = {w.lower() for w in re.findall(r"[^\W\d_]{3,}", anchors.fold(rendering))}
    return any(not any(difflib.SequenceMatcher(None, n, w).ratio() >= 0.75 for w in words) for n in own)


def merged_omissions(ctx: Context) -> dict[int, int]:
    """1:0 links whose sentence the neighbouring pair's rendering renders as well, per the re-translation:
    {1:0 link: neighbouring link}. A translator often joins two short source sentences into one ("X. Dus
    Y." -> "Omdat X, Y."); the aligner may then pair the joined rendering with one of them and leave the
    other 1:0. The re-translation tells the two apart: the neighbour's rendering measured against the
    re-translation of *both* sentences is as close as the document's pairs usually are (chrF z at least
    ``mt_agree_z``, length z above -``mt_agree_length_z``) and, unless the re-translation itself joins the
    two, long against its own sentence's re-translation alone (length z at least ``mt_agree_length_z``). A
    sentence really left out leaves the neighbour of the usual length for its own sentence and short
    against both. Cached."""
    cached = ctx.cache.get("mt_merged")
    if cached is not None:
        return cached
    out: dict[int, int] = {}
    tr, links = ctx.translation, ctx.alignment.links
    if tr is None or not any(s is not None for s in ctx.scores):
        ctx.cache["mt_merged"] = out
        return out
    view = ctx.cache.get("mt_view")
    if view is None:  # the view is measured first; it fills this in (and leaves the neighbours out)
        mt_view(ctx)
        return ctx.cache["mt_merged"]
    ctx.cache["mt_merged"] = out
    cfg = ctx.config
    for k, link in enumerate(links):
        if not link.is_omission or not any(ch.isalnum() for ch in ctx.src_text(k)):
            continue
        if not tr.for_segments(link.src).strip():
            continue
        best = None
        for n in (k - 1, k + 1):
            if not (0 <= n < len(links)) or not links[n].src or not links[n].tgt:
                continue
            hyp = ctx.tgt_text(n)
            if _foreign_name_left_out(ctx.src_text(k), ctx.src_text(n), hyp, cfg.src_lang, cfg.tgt_lang):
                continue
            own = tr.for_segments(links[n].src)
            both = tr.for_segments(sorted(link.src + links[n].src))
            h, r = _chars(hyp), _chars(contract_acronyms(both, hyp))
            if not h or not r or not own.strip():
                continue
            length_z = (math.log(h / r) - view.length_centre) / view.length_spread
            if length_z <= -cfg.mt_agree_length_z:
                continue  # short against both: it renders one of them
            if both != own:
                # the two re-translations are separate: the rendering must also be long against its own
                # sentence's alone (the room the other sentence takes), or carry the names and numbers that
                # only the 1:0 sentence has (a short sentence, "Sturridge phát biểu trên trang LiverpoolFC.com",
                # joined on as "..., zei Sturridge tegen LiverpoolFC.com", takes little room)
                r_own = _chars(contract_acronyms(own, hyp))
                if not r_own:
                    continue
                if (math.log(h / r_own) - view.length_centre) / view.length_spread < cfg.mt_agree_length_z \
                        and not _anchors_carried(ctx.src_text(k), ctx.src_text(n), hyp, cfg.src_lang, cfg.tgt_lang):
                    continue
            c_both = sentence_chrf(hyp, both)
            if (c_both - view.chrf_centre) / view.chrf_spread >= cfg.mt_agree_z and (best is None or c_both > best[0]):
                best = (c_both, n)
        if best is not None:
            out[k] = best[1]
    return out


def _drop_mispaired(ctx: Context, rows: list[tuple], cfg) -> list[tuple]:
    """The rows whose re-translation is this pair's own. A given re-translation file is paired with the
    source by a model-free aligner; where it pairs a sentence one off (the re-translation left a
    sentence out or split one nearby), a pair holds its neighbour's re-translation: that re-translation
    then shares far more with the neighbouring rendering than with this pair's own rendering, and than
    the neighbour's own re-translation does. Such a pair says
    nothing about its rendering: it is left out of the document's statistics and of every MT-based
    decision (no low-chrf, shorter-than-retranslation or unsupported-span, and no clearing of a
    model-free flag either)."""
    links = ctx.alignment.links
    keep = []
    for row in rows:
        k, s = row[0], row[1]
        mispaired = False
        for n in (k - 1, k + 1):
            if 0 <= n < len(links) and links[n].tgt:
                c = sentence_chrf(ctx.tgt_text(n), s.reference)
                # ... and better than the neighbour's own re-translation does: near-identical sentences (a
                # list, a template) match each other's re-translations as well as their own
                own = ctx.scores[n].chrf if n < len(ctx.scores) and ctx.scores[n] is not None else 0.0
                if c >= cfg.mt_pairing_min_chrf and c >= max(s.chrf, own) + cfg.mt_pairing_margin:
                    mispaired = True
                    break
        if not mispaired:
            keep.append(row)
    return keep


def agrees(view: PairView | None, cfg) -> bool:
    """The rendering agrees with the re-translation: chrF not below the document's
    usual, length as usual, nothing of the re-translation left out. A model-free
    suspicion on such a pair is contradicted by the re-translation."""
    if view is None:
        return False
    return (view.chrf_z >= cfg.mt_agree_z and abs(view.length_z) < cfg.mt_agree_length_z
            and view.missing_words < cfg.unsupported_min_words)


def mt_agrees(ctx: Context, k: int) -> bool:
    """Whether link ``k`` agrees with the re-translation (False without one)."""
    if not any(s is not None for s in ctx.scores):
        return False
    return agrees(mt_view(ctx).pairs.get(k), ctx.config)
