"""Checks that compare the rendering with its source (they need a source)."""

from __future__ import annotations

import bisect
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from difflib import SequenceMatcher
from functools import lru_cache

from ..text import anchors
from ..data import Evidence, Severity
from .base import TEXT_CACHE, Check, Context, Finding, clip, robust_z, seg_evidence
from .calib import joined_links, merged_omissions, mt_agrees, short_pair_widening
from .config import FlagConfig
from .names import _EXONYMS, _UNIT_ACRONYMS, _VI_ACRONYMS, _sounds_alike, _against, _changed, _rendering_explains, _skeleton, _typo, acronym_rendered, changed_names, foreign_parts, is_acronym  # noqa: F401
from .text import chrome_hits, whole_chrome_segments


def length_stats(ctx: Context) -> tuple[float, float, bool]:
    """Median and robust SD of log(rendering/source length) over the document's pairs."""
    cached = ctx.cache.get("length_stats")
    if cached is None:
        cfg = ctx.config
        logs = []
        for k, link in enumerate(ctx.alignment.links):
            if link.src and link.tgt:
                s, t = _chars(ctx.src_text(k)), _chars(ctx.tgt_text(k))
                if min(s, t) >= cfg.length_ratio_min_chars // 2:
                    logs.append(math.log(t / s))
        use = len(logs) >= cfg.min_scored_for_z
        med, sd = robust_z(logs) if use else (0.0, 1.0)
        cached = (med, max(sd, 0.15), use)
        ctx.cache["length_stats"] = cached
    return cached


class OmissionCheck(Check):
    code = "omission"
    severity = Severity.ERROR
    needs_source = True
    description = ("Source sentence with no counterpart in the rendering: an alignment 1:0 link; a sentence the "
                   "alignment could leave out at almost no extra cost (it may be the missing one, paired with a "
                   "neighbour's rendering or glued onto a neighbour); or one sentence of a merged n:1 pair that the "
                   "rendering's length does not cover.")

    def measure(self, ctx: Context) -> Iterator[Finding]:
        cfg = ctx.config
        med, sd, use = length_stats(ctx)
        links = ctx.alignment.links
        gaps = ctx.alignment.skip_gaps
        link_of_src = {i: k for k, link in enumerate(links) for i in link.src}
        # 1:0 links that lose content (a 1:0 of punctuation alone, a stray closing quote, loses nothing and
        # makes no neighbour a possible alternative)
        # ... and 1:0s whose sentence the neighbouring rendering renders too, per the re-translation (the
        # translator joined two sentences, see calib.merged_omissions): nothing is lost, so no neighbour is
        # an alternative either
        merged = merged_omissions(ctx)
        omitted = sorted(i for k, link in enumerate(links) if link.is_omission and k not in merged
                         and any(ch.isalnum() for ch in ctx.src_text(k)) for i in link.src)
        # 1:0s with an unpaired rendering (a 0:1 of text, not page chrome) right beside them: the alignment
        # split a pair whose rendering does not match its source (cut short, garbled, another sentence).
        # The sentence has a rendering at its place, a bad one; leaving out a neighbour instead would still
        # leave that rendering unpaired, so the neighbours are no likely alternatives (see decide)
        chrome = whole_chrome_segments(ctx)
        substituted = {i for k, link in enumerate(links) if link.is_omission for i in link.src
                       if any(0 <= j < len(links) and links[j].is_addition and not all(x in chrome for x in links[j].tgt)
                              and any(ch.isalnum() for ch in ctx.tgt_text(j)) for j in (k - 1, k + 1))}
        # sentences the alignment could as well have left out (small skip gap)
        likely = sorted(i for i, g in gaps.items() if g <= cfg.omission_alt_gap)
        dist = cfg.omission_alt_distance
        # per omission, the smallest gap among its alternatives: one doubtful 1:0 must not put a warning on
        # every neighbour (each is named in the 1:0's message; the closest call is the one raised)
        best_near: dict[int, float] = {}
        for o in omitted:
            near_gaps = [gaps[i] for i in likely[bisect.bisect_left(likely, o - dist):bisect.bisect_right(likely, o + dist)]
                         if i != o and link_of_src.get(i) != link_of_src.get(o)]
            if near_gaps:
                best_near[o] = min(near_gaps)
        for k, link in enumerate(links):
            if link.is_omission:
                text = ctx.src_text(k)
                # bisect into the sorted candidates: a scan of all of them per omission was
                # quadratic on long documents (eval/stress.py)
                lo = bisect.bisect_left(likely, link.src[0] - dist)
                hi = bisect.bisect_right(likely, link.src[-1] + dist)
                near = [i for i in likely[lo:hi] if i not in link.src and link_of_src.get(i) != k]
                also = ""
                if near:
                    also = (" (the alignment is unsure which sentence is missing: "
                            + ", ".join(f"\u201c{clip(ctx.source.segments[i].text, 40)}\u201d" for i in near)  # type: ignore[union-attr]
                            + " may be the one instead, see its flag)")
                if k in merged:
                    also += (f" (but the re-translation of this sentence is in the neighbouring rendering "
                             f"\u201c{clip(ctx.tgt_text(merged[k]), 40)}\u201d: it joins the two sentences)")
                yield Finding(k, float(len(text)), f"source sentence has no counterpart in the rendering: \u201c{clip(text)}\u201d" + also,
                              ctx.src_evidence(k, "missing in the rendering"),
                              {"kind": "skip", "words": any(ch.isalnum() for ch in text), "mt_merged": k in merged})
                continue
            if not link.src:
                continue
            segs = ctx.src_segments(k)
            # the merged-length test: several source sentences share fewer rendering
            # sentences; is one of them simply not rendered? The rendering's length
            # then fits the others alone.
            length_pick = None
            if use and link.tgt and len(link.src) >= 2 and len(link.src) > len(link.tgt):
                s_all, t = sum(_chars(x.text) for x in segs), _chars(ctx.tgt_text(k))
                z_all = (math.log(t / s_all) - med) / sd
                for seg in segs:
                    rest = s_all - _chars(seg.text)
                    if rest <= 0 or _chars(seg.text) < 0.25 * s_all:
                        continue
                    z_rest = (math.log(t / rest) - med) / sd
                    if length_pick is None or abs(z_rest) < abs(length_pick[1]):
                        length_pick = (seg, z_rest, z_all, math.exp(math.log(t / s_all) - med))
            for seg in segs:
                gap = gaps.get(seg.index)
                by_length = length_pick is not None and length_pick[0] is seg
                if gap is None and not by_length:
                    continue
                data: dict = {"kind": "gap", "gap": gap, "merged": len(link.src) > len(link.tgt), "mt_agrees": mt_agrees(ctx, k),
                              "words": any(ch.isalnum() for ch in seg.text)}
                if use and link.tgt and len(segs) == 1:  # the sentence's own pair (in an n:n link it is unknown)
                    s_all, t = sum(_chars(x.text) for x in segs), _chars(ctx.tgt_text(k))
                    if s_all and t:
                        data["pair_z"] = (math.log(t / s_all) - med) / sd
                if by_length:
                    data.update(kind="length", z_all=length_pick[2], z_rest=length_pick[1])  # type: ignore[index]
                why = []
                left = omitted[bisect.bisect_left(omitted, seg.index - dist):bisect.bisect_right(omitted, seg.index + dist)]
                data["near_omission"] = bool(left)
                data["split_pair"] = bool(left) and all(o in substituted for o in left)
                if left and gap is not None:
                    data["best_alt"] = any(gap <= best_near.get(o, gap) + cfg.omission_alt_slack for o in left)
                if gap is not None:
                    if left:
                        why.append(f"the alignment took \u201c{clip(ctx.source.segments[left[0]].text, 50)}\u201d as the missing "  # type: ignore[union-attr]
                                   f"sentence, but leaving out this one instead costs almost the same (gap {gap:.2f})")
                    elif len(segs) > len(link.tgt):
                        why.append(f"it shares its rendering with another source sentence, and leaving it out costs almost "
                                   f"the same as that merge (gap {gap:.2f})")
                    else:
                        why.append(f"leaving it out costs the alignment almost nothing (gap {gap:.2f})")
                if by_length:
                    why.append(f"its pair is {length_pick[3]:.2f} of the usual length; without this sentence it would fit")  # type: ignore[index]
                if data["split_pair"]:
                    why.append("but that sentence has an unpaired rendering beside it (a pair the alignment split, "
                               "its rendering does not match), which accounts for it without leaving this one out")
                if data["mt_agrees"]:
                    why.append("but its pair agrees with the re-translation of all its source sentences (length and chrF as usual)")
                yield Finding(k, float(len(seg.text)),
                              f"source sentence may not be rendered ({'; '.join(why)}): \u201c{clip(seg.text)}\u201d",
                              [seg_evidence(seg, note="probably missing in the rendering")] + ctx.tgt_evidence(k, "paired with it"),
                              data)

    def decide(self, finding: Finding, cfg: FlagConfig) -> Severity | None:
        d = finding.data
        if d["kind"] == "skip":
            if not d.get("words", True):
                # only punctuation (a closing quote the segmenter split off after a space: "... bú? \""):
                # nothing of the source's content is lost
                return Severity.INFO
            if d.get("mt_merged"):
                # the neighbouring rendering renders this sentence too, per the re-translation: two sentences
                # joined into one, nothing left out (eval/flags.py seeds 0-1, OPUS-MT/NLLB-3.3B: see docs/flags.md)
                return Severity.INFO
            # a lone number or a one-word heading left out is worth a look, not an error
            return self.severity if finding.score >= 12 else Severity.WARNING
        if not d.get("words", True):
            # a sentence of punctuation alone (a closing quote the segmenter split off, merged into its
            # neighbour's pair): as for a 1:0 of it, nothing of the source's content can be missing
            return Severity.INFO
        # a re-translation that the pair agrees with contradicts the suspicion: a note, not a warning
        raised = Severity.INFO if d.get("mt_agrees") else Severity.WARNING
        gap = d.get("gap")
        if gap is not None:
            limit = cfg.omission_alt_gap if d.get("near_omission") else cfg.omission_merged_gap if d["merged"] else cfg.omission_gap
            if gap <= limit:
                if d.get("split_pair"):
                    # every 1:0 it is an alternative to is a split pair (a 1:0 beside a 0:1 of text): the
                    # missing-looking sentence has a rendering at its place, a bad one, which its own 1:0
                    # flag shows; this neighbour is a note (eval/flags.py seeds 0-1: 7 clean lines, no catch lost)
                    return Severity.INFO
                if d.get("near_omission") and not d.get("best_alt", True) and gap > cfg.omission_gap:
                    return Severity.INFO  # a further alternative to a 1:0 that names it: a note
                if not d.get("near_omission") and not d["merged"] and d.get("pair_z", -99.0) > cfg.omission_lone_z:
                    # a sentence paired alone (1:1 or 1:n) far from any 1:0 that is cheap to leave out: its pair
                    # matches poorly by length and anchors, which a free translation also does; a drop
                    # would leave the rendering short of the source, so without that sign it is a note
                    return Severity.INFO
                return raised
        if d["kind"] == "length" and d["z_all"] <= cfg.merged_omission_z and abs(d["z_rest"]) <= 1.0:
            return raised
        return None


class AdditionCheck(Check):
    code = "addition"
    severity = Severity.WARNING
    needs_source = True
    description = "Rendering text with no counterpart in the source (an alignment 0:1 link)."

    def measure(self, ctx: Context) -> Iterator[Finding]:
        chrome = whole_chrome_segments(ctx)
        for k, link in enumerate(ctx.alignment.links):
            if link.is_addition:
                text = ctx.tgt_text(k)
                is_chrome = all(i in chrome for i in link.tgt)
                yield Finding(k, float(len(text)), f"rendering has text with no counterpart in the source: \u201c{clip(text)}\u201d"
                              + (" (page chrome, see page-chrome)" if is_chrome else ""),
                              ctx.tgt_evidence(k, "not in the source"), {"chrome": is_chrome})

    def decide(self, finding: Finding, cfg: FlagConfig) -> Severity | None:
        # page chrome is raised by page-chrome; the addition is then only a note
        return Severity.INFO if finding.data["chrome"] else self.severity


class NumberCheck(Check):
    code = "number-mismatch"
    severity = Severity.ERROR
    needs_source = True
    description = "Numbers, dates, times or percentages that differ between source and rendering, read in each language's conventions (96,3% = 96.3%; 6.280 = 6,280)."

    def measure(self, ctx: Context) -> Iterator[Finding]:
        cfg = ctx.config
        chrome: dict[int, list[tuple[int, int]]] = {}
        for h in chrome_hits(ctx):  # the same for every link: gathered once, by segment
            chrome.setdefault(h.segment, []).append((h.start, h.end))
        for k, link in ctx.pairs():
            # a rendering that also renders a neighbouring 1:0 sentence (calib.merged_omissions) has that
            # sentence's numbers too: the 1:0 is a note, so they are checked here
            ssegs = [seg for j in joined_links(ctx, k) for seg in ctx.src_segments(j)]
            tsegs = ctx.tgt_segments(k)
            found = number_mismatch(tuple(x.text for x in ssegs), tuple(x.text for x in tsegs),
                                    tuple(tuple(chrome.get(x.index, ())) for x in tsegs), cfg.src_lang, cfg.tgt_lang)
            if found is None:
                continue
            score, message, spans, missing, extra = found
            # the re-translation differs from the source in exactly these numbers too, and has the rendering's
            # numbers: two independent renderings agree, so the reading of the source is what is in doubt
            ref = ctx.scores[k].reference if k < len(ctx.scores) and ctx.scores[k] is not None else ""  # type: ignore[union-attr]
            same = False
            if ref.strip():
                by_ref = number_mismatch(tuple(x.text for x in ssegs), (ref,), ((),), cfg.src_lang, cfg.tgt_lang)
                same = (by_ref is not None and set(by_ref[3]) == set(missing) and set(by_ref[4]) == set(extra)
                        and number_mismatch((ref,), tuple(x.text for x in tsegs), tuple(tuple(chrome.get(x.index, ())) for x in tsegs),
                                            cfg.tgt_lang, cfg.tgt_lang) is None)
            if same:
                message += " (but the re-translation differs from the source in the same numbers: the source may be read wrongly)"
            ev: list[Evidence] = []
            for side, pos, a, b, note in spans:
                if side == "tgt" and pos < 0:
                    ev += ctx.tgt_evidence(k, note)
                else:
                    ev.append(seg_evidence((tsegs if side == "tgt" else ssegs)[pos], a, b, note))
            # second signs for numbers the rendering adds (see decide): the pair is longer than the
            # document's pairs usually are (added text), or the addition is a date with a clock time
            # (a page's dateline glued onto the sentence)
            long_z = None
            if not missing:
                med, sd, use = length_stats(ctx)
                s_chars, t_chars = sum(_chars(x.text) for x in ssegs), sum(_chars(x.text) for x in tsegs)
                if use and s_chars and t_chars:
                    long_z = (math.log(t_chars / s_chars) - med) / sd
            stamp = bool(_DATE_TIME.search(" ".join(x.text for x in tsegs)))
            # ... or the pair has more rendering sentences than source sentences and one of them brings only
            # numbers the source lacks: a sentence of its own was added (glued on from elsewhere)
            added_sentence = False
            if not missing and len(tsegs) > len(ssegs):
                for x in tsegs:
                    vals = [n.value for n in anchors.number_spans(x.text, cfg.tgt_lang) if n.hard]
                    if vals and all(v in dict(extra) for v in vals):
                        added_sentence = True
            # a source number in words or Roman numerals ("thế kỷ XII", "hai mươi") the rendering does not
            # read: the rendering's extra number may be its mistyped rendering ("14e eeuw"). Words under 10
            # are left out: "một" is also "a", "năm" also "year", "ba" also "father"
            t_vals = {n.value for x in tsegs for n in anchors.number_spans(x.text, cfg.tgt_lang)}
            soft_left = sorted({n.value for x in ssegs for n in anchors.number_spans(x.text, cfg.src_lang)
                                if not n.hard and _at_least(n.value, 10) and n.value not in t_vals})
            # a source number in parentheses that restates the quantity before it in other units or another
            # currency ("€3,1 tỷ ($3,6 tỷ)", "sáu mét (18 feet)"), the quantity itself rendered: see decide
            restated = _restated_in_parentheses(tuple(x.text for x in ssegs), cfg.src_lang, frozenset(dict(missing)))
            # a lone 1 lost (see decide), unless the rendering has a Roman numeral the number readings do
            # not read, which may be that 1 changed ("Thế chiến 1" -> "WO II")
            lone_1 = dict(missing) == {"1": 1} and not extra and not any(_ROMAN.search(x.text) for x in tsegs)
            if lone_1 and not soft_left:
                message += (" (only a 1: \u201cmột\u201d and \u201c1\u201d are also \u201ca\u201d, and \u201chiệp 1\u201d, "
                            "\u201c1 phút\u201d are often rendered without the number)")
            if missing and set(dict(missing)) <= restated and not extra and not soft_left:
                message += (" (the source restates a quantity in parentheses, in other units or another currency; "
                            "the rendering gives it once)")
            yield Finding(k, score, message, ev, {"missing": dict(missing), "extra": dict(extra), "mt_same": same,
                                                  "restated": sorted(restated), "lone_1": lone_1,
                                                  "length_z": long_z, "stamp": stamp, "soft_left": soft_left,
                                                  "added_sentence": added_sentence})

    def decide(self, finding: Finding, cfg: FlagConfig) -> Severity | None:
        d = finding.data
        if d.get("mt_same"):
            return Severity.INFO
        if d.get("lone_1") and not d.get("soft_left"):
            # a lone 1 is all the rendering lacks: as for an extra 1 (match_numbers), 1 / één / een / một
            # alternate freely ("hiệp 1" -> "voor de rust", "đợi 1 phút" -> "wacht even"); a changed 1
            # leaves an extra number and stays an error
            return Severity.INFO
        if d.get("missing") and not d.get("extra") and not d.get("soft_left") and set(d["missing"]) <= set(d.get("restated", ())):
            # every number the rendering lacks restates, in parentheses, a quantity the rendering has
            # ("€3,1 tỷ ($3,6 tỷ)" -> "€ 3,1 miljard"): leaving out a conversion loses no fact; a note
            return Severity.INFO
        if not d.get("missing") and not d.get("soft_left"):
            # every number of the source is in the rendering and the rendering has more: the translator
            # spelled out what the source says in words ("năm ngoái" -> "in 2016", a total, a dialling
            # code) or added a detail. A mistyped or dropped number always loses a source number, so
            # alone this is a note (7 of 25 clean number false alarms, eval/flags.py seed 0); with a
            # second sign that text was added (a long pair, a dateline, a sentence of only new numbers
            # in a pair with more rendering sentences than source ones) it stays a warning
            z = d.get("length_z")
            if d.get("stamp") or d.get("added_sentence") or (z is not None and z >= cfg.number_extra_long_z):
                return Severity.WARNING
            return Severity.INFO
        return self.severity


class _Text:
    """A sentence by position (what match_numbers and _with_unit read of a segment)."""

    __slots__ = ("pos", "text")

    def __init__(self, pos: int, text: str):
        self.pos, self.text = pos, text


@lru_cache(maxsize=TEXT_CACHE)
def number_mismatch(src_texts: tuple[str, ...], tgt_texts: tuple[str, ...], tgt_chrome: tuple[tuple[tuple[int, int], ...], ...],
                    src_lang: str, tgt_lang: str):
    """The numbers of a pair that differ: (score, message, evidence spans as
    (side, sentence position, start, end, note) with position -1 for "every
    rendering sentence", missing items, extra items), or None. ``tgt_chrome``: the
    page-chrome spans of each rendering sentence ("Reactie (12)" is chrome). A
    function of its arguments, so cached (long documents repeat sentence pairs)."""
    src = [(seg, n) for seg in map(_Text, range(len(src_texts)), src_texts) for n in anchors.number_spans(seg.text, src_lang)]
    tgt = [(seg, n) for seg in map(_Text, range(len(tgt_texts)), tgt_texts) for n in anchors.number_spans(seg.text, tgt_lang)
           if not any(a <= n.start < b for a, b in tgt_chrome[seg.pos])]
    missing, extra = match_numbers(src, tgt)
    if not missing and not extra:
        return None
    if _unit_conversion(src, tgt, missing, extra):
        return None
    _temperature_conversion(src, tgt, missing, extra)
    if not missing and not extra:
        return None
    parts = []
    if missing:
        parts.append("in the source but not the rendering: " + ", ".join(_show(src, missing)))
    if extra:
        parts.append("in the rendering but not the source: " + ", ".join(_show(tgt, extra)))
    spans: list[tuple[str, int, int, int, str]] = []
    for seg, n in tgt:
        if n.hard and n.value in extra:
            spans.append(("tgt", seg.pos, n.start, _with_unit(seg, n), "not in the source"))
    if not spans:  # the number is missing: point at the rendering sentence
        spans.append(("tgt", -1, 0, 0, "number missing here"))
    for seg, n in src:
        if n.hard and n.value in missing:
            spans.append(("src", seg.pos, n.start, _with_unit(seg, n), "not in the rendering"))
    return (float(sum(missing.values()) + sum(extra.values())), "numbers differ (" + "; ".join(parts) + ")", tuple(spans),
            tuple(dict(missing).items()), tuple(dict(extra).items()))


def _with_unit(seg, n) -> int:
    """End of the number's span, with its unit word when it has one ("53 minuten")."""
    if n.unit in anchors.UNIT_WORDS:
        m = anchors._UNIT_AFTER.match(seg.text, n.end)
        if m:
            return m.end()
    return n.end


def match_numbers(src, tgt) -> tuple[Counter[str], Counter[str]]:
    """Pair up the numbers of both sides (a span may match on any of its readings:
    25,000 is 25000 in English-style Vietnamese and 25 in Dutch style; a number word
    or month name on one side matches a digit number on the other). Returns the
    unmatched digit numbers: (in the source only, in the rendering only)."""
    def readings(spans):
        by_pos: dict[tuple[int, int, int], dict] = {}
        for seg, n in spans:
            key = (id(seg), n.start, n.end)
            r = by_pos.setdefault(key, {"values": set(), "hard": False, "value": n.value})
            r["values"].add(n.value)
            if n.hard:
                r["hard"] = True
                r["value"] = n.value
        return list(by_pos.values())

    s_items, t_items = readings(src), readings(tgt)
    t_used = [False] * len(t_items)
    s_left = []
    for si in sorted(s_items, key=lambda r: not r["hard"]):
        for j, ti in enumerate(t_items):
            if not t_used[j] and si["values"] & ti["values"]:
                t_used[j] = True
                break
        else:
            if si["hard"]:
                s_left.append(si["value"])
    s_soft_values = set().union(*(r["values"] for r in s_items)) if s_items else set()
    # a rendering number sharing a reading with any source number is not "extra"
    # ... and a lone "1" is not either: "1" / "één" / "een" / "một" / "nummer 1" alternate freely
    t_left = [ti["value"] for j, ti in enumerate(t_items)
              if ti["hard"] and not t_used[j] and not ti["values"] & s_soft_values and ti["value"] != "1"]
    return Counter(s_left), Counter(t_left)


def _unit_conversion(src, tgt, missing: Counter[str], extra: Counter[str]) -> bool:
    """The two sides measure in different unit systems (650 pound -> 300 kg,
    "1 tot 4 inch" -> "2 tot 10 cm"): the numbers were converted, not mistyped."""
    src_sys = {"imperial" if n.unit in anchors.IMPERIAL else "metric" for _, n in src if n.unit in anchors.IMPERIAL | anchors.METRIC}
    tgt_sys = {"imperial" if n.unit in anchors.IMPERIAL else "metric" for _, n in tgt if n.unit in anchors.IMPERIAL | anchors.METRIC}
    # the systems must be disjoint: a source giving both ("6 mét (18 feet)") and a rendering in one of
    # them converted nothing, and a changed number there is a change (src_sys != tgt_sys let it pass)
    return bool(src_sys) and bool(tgt_sys) and not src_sys & tgt_sys


# a degree unit right after the number ("80 độ", "27 graden", "27 °C"; a bare "°" leaves no unit word)
_DEGREE_UNITS = frozenset({"độ", "graden", "graad", "°c", "°f", "celsius", "fahrenheit", "degrees", ""})


def _temperature_conversion(src, tgt, missing: Counter[str], extra: Counter[str]) -> None:
    """Pair a missing and an extra temperature that are one reading in Fahrenheit and the other in
    Celsius (US news: "80 độ" = "27 graden", (80 - 32) * 5 / 9 = 26.7, rounded either way), and drop
    both from ``missing`` / ``extra`` in place. The formula is specific enough that a mistyped
    number does not pass by chance; both must stand before a degree word (or "°")."""
    def temps(spans, left: Counter[str]) -> list[tuple[str, float]]:
        out = []
        for seg, n in spans:
            if n.hard and n.value in left and n.unit in _DEGREE_UNITS and (n.unit or seg.text[n.end:n.end + 2].lstrip()[:1] == "°"):
                try:
                    out.append((n.value, float(n.value)))
                except ValueError:
                    pass
        return out

    for sv, s in temps(src, missing):
        for tv, t in temps(tgt, extra):
            if missing[sv] and extra[tv] and (abs(t - (s - 32) * 5 / 9) <= 1 or abs(s - (t - 32) * 5 / 9) <= 1):
                missing[sv] -= 1
                extra[tv] -= 1
                break
    for c in (missing, extra):
        for k in [k for k, v in c.items() if v <= 0]:
            del c[k]


# a Roman numeral of two or more letters ("WO II", "Lodewijk XIV")
_ROMAN = re.compile(r"\b[IVXLC]{2,}\b")

# between a quantity and a parenthesis that restates it: at most two unit words, "(", an optional currency sign
_BEFORE_PAREN = re.compile(r"^\s*(?:[^\W\d_]+\.?\s*){0,2}\(\s*[$€£¥]?\s*$")
# after the restated number: at most two unit words, then ")"
_AFTER_PAREN = re.compile(r"^\s*(?:[^\W\d_]+\.?\s*){0,2}\)")


@lru_cache(maxsize=TEXT_CACHE)
def _restated_in_parentheses(src_texts: tuple[str, ...], src_lang: str, missing: frozenset[str]) -> set[str]:
    """Values of source numbers that restate another quantity of the sentence in other units or
    another currency: "A (B)" with at most two unit words after each ("€3,1 tỷ ($3,6 tỷ)", "sáu mét
    (18 feet)", "45 dặm (72 km)"). Of such a pair, the one the rendering lacks (``missing``: the
    source values the rendering lacks) while it has the other is restated: the rendering gave the
    quantity once, in one of the two forms. When both are missing neither counts."""
    out: set[str] = set()
    for text in src_texts:
        spans = list(anchors.number_spans(text, src_lang))
        for i, n in enumerate(spans):
            if i == 0:
                continue
            p = spans[i - 1]
            if p.end > n.start or (p.value in missing) == (n.value in missing):
                continue
            # the restatement is a measure or an amount (a unit or a magnitude word after it: "(18 feet)",
            # "($3,6 tỷ)"; not a year "(2018)"), and a number word before it is one with its unit word
            # ("sáu mét"; "năm" alone is also "year")
            if not n.unit or (not p.hard and len(text[p.end:n.start].split()) != 2):
                continue
            if _BEFORE_PAREN.match(text[p.end:n.start]) and _AFTER_PAREN.match(text[n.end:n.end + 40]):
                out.add(n.value if n.value in missing else p.value)
    return out


def _at_least(value: str, floor: float) -> bool:
    try:
        return float(value) >= floor
    except ValueError:
        return False


# a date with a clock time ("14/02/2025 10:32", "14.02.2025, 10h32"): a publication stamp
_DATE_TIME = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4},?\s+\d{1,2}[:.h]\d{2}\b")


def _show(spans, values: Counter[str]) -> list[str]:
    out = []
    for _, n in spans:
        if n.hard and n.value in values and n.text not in out:
            out.append(n.text)
    return out


# Vietnamese words written with a capital that open a noun phrase or a clause, not a name
# (plural and number classifiers, prepositions, conjunctions, time words; issue 17: "Các Đại
# biểu" is "the delegates", "Một Đại biểu" "a delegate"). Stripped from the front of a run
# like the titles in anchors.VI_TITLES.
VI_FUNCTION_WORDS = frozenset(anchors.fold(w) for w in """
Các Một Những Mọi Mỗi Vài Nhiều Theo Vào Với Khi Sau Trước Trong Tại Từ Cho Để Và Nhưng Nếu Đây Đó
Này Người Cơn Thời Tuần Ngày Hôm Sáng Chiều Tối Đêm Hiện Lúc Ở Về Do Vì Tuy Dù Còn Cũng Đã Sẽ Đang
Phía Vùng Miền Khu Ngoài Giữa Trên Dưới Bên Qua Tới Đến Là Có Không Chưa Được Bị Hãy
""".split())
_CAP_WORD = anchors._NAME_WORD


def _title_case(text: str) -> bool:
    """A headline in title case ("Lợn Sát Thủ Tấn Công Nông Dân"): every word has a
    capital, so capitals say nothing about names there."""
    words = _CAP_WORD.findall(text)
    return len(words) >= 5 and sum(1 for w in words if w[:1].isupper()) >= 0.6 * len(words)


# The commonest Vietnamese surnames (together those of about nine in ten people): a run of
# Vietnamese syllables opening with one is a person's name.
VI_SURNAMES = frozenset(anchors.fold(w) for w in """
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh Trương Lâm
Mai Cao Hà Đinh Lưu Tạ Tô Chu Lương Quách Thái Kiều Mạc Triệu Tống Văn Hứa La Lại Lò Phùng Nông
""".split())
# Words that put a place name after them (lowercase in running text: "tỉnh Đồng Tháp",
# "sông Hồng", "thành phố Hồ Chí Minh"), beside the titles of anchors.VI_TITLES.
VI_PLACE_WORDS = frozenset(w.lower() for w in """
tỉnh huyện xã phường quận phố thị trấn làng thôn bản ấp sông núi hồ đảo vịnh đèo chợ cầu đường
""".split())


def _after_title(text: str, start: int) -> bool:
    """The word before ``start`` is a title or a place word (ông Minh, tỉnh Đồng Tháp)."""
    m = re.search(r"([^\W\d_]+)\s+$", text[:start])
    return bool(m) and (m.group(1).lower() in anchors.VI_TITLES or m.group(1).lower() in VI_PLACE_WORDS)


def _vi_name_words(words: list[str]) -> tuple[list[str], bool]:
    """The words of a Vietnamese capitalised run that can be a name, with leading function
    words and titles stripped; and whether a title stood before it ("ông Minh")."""
    titled = False
    while words and (anchors.fold(words[0]) in VI_FUNCTION_WORDS or words[0].lower() in anchors.VI_TITLES):
        titled = titled or words[0].lower() in anchors.VI_TITLES
        words = words[1:]
    return words, titled


def _word_present(word: str, tgt_compact: str, tgt_words: tuple[str, ...]) -> bool:
    """A folded name word is in the rendering: as a word, inside a longer written-together
    form when it has four letters or more (Rady-kinderziekenhuis), or in Dutch form."""
    return word in tgt_words or (len(word) >= 4 and word in tgt_compact) or (len(word) >= 4 and _rendering_explains(word, tgt_words))


def _part_missing(part: list[str], tgt_compact: str, tgt_words: tuple[str, ...], tgt_acronyms: tuple[str, ...],
                  strangers: tuple[str, ...] = ()) -> bool:
    """A run of foreign name words is missing from the rendering: neither the whole nor its
    last word (the surname of "Brett Kavanaugh", the head of "Long Lartin") is there.
    Juxtaposed names ("Arizona Jeff Flake", "LSU Joe Alleva") are found by their last one.
    A capitalised rendering word the source does not hold (``strangers``) that sounds like
    it (names.sounds_alike) is its Dutch form."""
    key = anchors.folded_compact(" ".join(part))
    if len(key) < 3 or key in tgt_compact:
        return False
    if len(part) == 1 and is_acronym(part[0]):
        return not (part[0] in _UNIT_ACRONYMS or key in _VI_ACRONYMS or acronym_rendered(part[0], tgt_acronyms)
                    or any(w.startswith(x) for x in _EXONYMS.get(key, ()) for w in tgt_words))
    last = anchors.fold(part[-1])
    if len(last) >= 3 and _word_present(last, tgt_compact, tgt_words):
        return False
    if any(_sounds_alike(key, w) for w in strangers):
        return False  # its Dutch form: Iceland/IJsland, Dunkirk/Duinkerken, Campuchia/Cambodja
    return not _rendering_explains(key, tgt_words)


@lru_cache(maxsize=TEXT_CACHE)
def missing_names(src_texts: tuple[str, ...], tgt_text: str, src_lang: str, name_min_len: int) -> tuple[tuple[int, int, int, str, bool], ...]:
    """Codes and names of the source sentences not found in the rendering:
    (sentence position, start, end, text, is a code). A function of the texts,
    so cached (long documents repeat sentence pairs).

    For Vietnamese (issue 17) a capitalised run counts as a name only when it should
    survive translation: leading function words and titles are stripped, title-case
    headlines give no names, a lone Vietnamese syllable counts only after a title, and a
    Sino-Vietnamese name (Bình Nhưỡng, Quý Châu) absent from the rendering is taken for an
    exonym (Pyongyang, Guizhou) when the rendering has a name the source does not explain.
    In a run that mixes Vietnamese words and foreign ones ("Nhà Tù Long Lartin", "Tờ The
    Telegraph", "Cha Johnson") the Vietnamese words describe the name and are translated:
    only the foreign words are looked for, each run of them found by its last word.
    Acronyms are found in the rendering's form (NATO/NAVO, ADN/DNA); currency and time-zone
    codes and Vietnamese administrative acronyms (UBND) are not names. A Latin-script name
    is explained by a Dutch form of it."""
    tgt_compact = anchors.folded_compact(tgt_text)
    tgt_all = _CAP_WORD.findall(tgt_text)
    tgt_words = tuple(anchors.fold(w) for w in tgt_all)
    tgt_acronyms = tuple(w for w in tgt_all if is_acronym(w))
    missing: list[tuple[int, int, int, str, bool]] = []
    src_compact = anchors.folded_compact(" ".join(src_texts))
    strangers = tuple(k for w, k in zip(tgt_all, tgt_words) if w[:1].isupper() and len(k) >= 3 and k not in src_compact)
    foreign_names = None  # rendering names the source does not explain, computed on demand
    for pos, text in enumerate(src_texts):
        for c in anchors.CODE_RE.finditer(text):
            if anchors.is_code(c.group(0)) and anchors.folded_compact(c.group(0)) not in tgt_compact:
                missing.append((pos, c.start(), c.end(), c.group(0), True))
        if src_lang == "vi" and _title_case(text):
            continue
        for nm in anchors.name_spans(text, src_lang):
            if len(nm.key) < name_min_len or nm.key in tgt_compact:
                continue
            words = nm.text.replace("-", " ").split()
            if nm.sentence_initial:
                if len(words) == 1:
                    continue  # a capitalized sentence opener, not necessarily a name
                rest = anchors.folded_compact(" ".join(words[1:]))
                if rest in tgt_compact or len(rest) < name_min_len:
                    continue
            if any(w.isdigit() for w in words):
                continue
            if src_lang == "vi":
                words, titled = _vi_name_words(words)
                parts = foreign_parts(words)
                if parts:
                    for part in parts:
                        if _part_missing(part, tgt_compact, tgt_words, tgt_acronyms, strangers):
                            a = text.find(part[0], nm.start)
                            b = text.find(part[-1], a) + len(part[-1])
                            missing.append((pos, a, b, text[a:b], False))
                    continue
                keys = [anchors.fold(w) for w in words]
                if not words or all(k in anchors.VI_NOT_NAMES for k in keys):
                    continue
                compact = "".join(keys)
                if len(compact) < name_min_len or compact in tgt_compact:
                    continue
                titled = titled or _after_title(text, nm.start)
                if not titled and (len(words) == 1 or keys[0] not in VI_SURNAMES):
                    # neither after a title or a place word nor opening with a surname: a
                    # phrase written with capitals (Trái Đất, Phục Hưng, Năm Mới), translated
                    continue
                if foreign_names is None:  # capitalised rendering words inside a sentence
                    foreign_names = [nm2.key for nm2 in anchors.name_spans(tgt_text, "")
                                     if not nm2.sentence_initial and nm2.key not in src_compact]
                if foreign_names:
                    continue  # most likely rendered by its exonym
            elif _rendering_explains(anchors.folded_compact(" ".join(words)), tgt_words):
                continue
            missing.append((pos, nm.start, nm.end, nm.text, False))
    return tuple(missing)


class NameCheck(Check):
    code = "name-missing"
    severity = Severity.INFO
    needs_source = True
    description = ("Names and codes of the source not found in the rendering (compared with Vietnamese diacritics folded: "
                   "Lý Thị Xiến = Ly Thi Xien); an info: a name may be rendered by its exonym or a rewording. "
                   "A name rendered as another name is name-change.")

    def measure(self, ctx: Context) -> Iterator[Finding]:
        cfg = ctx.config
        change_on = "name-change" not in cfg.disabled
        for k, link in ctx.pairs():
            segs = ctx.src_segments(k)
            missing = [(segs[pos], a, b, text, code) for pos, a, b, text, code
                       in missing_names(tuple(s.text for s in segs), ctx.tgt_text(k), cfg.src_lang, cfg.name_min_len)]
            if missing and change_on:
                # a name the name-change check shows with its new spelling is not repeated here
                changed = {anchors.fold(s) for s, *_ in changed_names(ctx.src_text(k), ctx.tgt_text(k), _against(ctx, k), cfg.src_lang)}
                missing = [m for m in missing if m[4] or not {anchors.fold(w) for w in _CAP_WORD.findall(m[3])} & changed]
            if not missing:
                continue
            ev = [seg_evidence(seg, a, b, "not found in the rendering") for seg, a, b, _, _ in missing]  # type: ignore[arg-type]
            ev += ctx.tgt_evidence(k, "expected here")
            shown = ", ".join(dict.fromkeys(t for *_, t, _ in missing))
            msg = f"names or codes of the source not found in the rendering: {clip(shown, 70)}"
            yield Finding(k, float(len(missing)), msg, ev, {"codes": sum(1 for m in missing if m[4])})


def quick_ratio(a: str, b: str) -> float:
    """``SequenceMatcher(None, a, b).quick_ratio()``, the same float: twice the
    characters the two strings share (as multisets) over their total length."""
    length = len(a) + len(b)
    if not length:
        return 1.0
    cb = Counter(b)
    matches = sum(min(n, cb[ch]) for ch, n in Counter(a).items())
    return 2.0 * matches / length


def _three_lower_words(text: str) -> bool:
    """At least three words that start in lower case (stops counting at three)."""
    n = 0
    for w in anchors.WORD_RE.findall(text):
        if w[:1].islower():
            n += 1
            if n == 3:
                return True
    return False


@lru_cache(maxsize=TEXT_CACHE)
def copy_similarity(src: str, tgt: str, floor: float) -> float | None:
    """How much of a copy of ``src`` the rendering ``tgt`` is (difflib ratio of the
    casefolded, whitespace-normalized texts), or None when below ``floor`` or the
    rendering has fewer than three lower-case words. A function of the texts: cached."""
    # names, numbers and codes are legitimately identical: need real words
    if not _three_lower_words(tgt):
        return None
    a, b = " ".join(src.casefold().split()), " ".join(tgt.casefold().split())
    # ratio() <= 2*min(len)/(len sum): a cheaper bound before building the matcher
    if 2 * min(len(a), len(b)) < floor * (len(a) + len(b)):
        return None
    # quick_ratio() is an upper bound of ratio() in linear time: skipping pairs
    # below the threshold gives the same findings (ratio() is quadratic: it was
    # most of the review time on 50,000 paragraphs, eval/stress.py). Computed
    # here from character counts, as difflib does, without building the matcher
    # (its indexing of b cost more than the bound itself)
    if quick_ratio(a, b) < floor:
        return None
    sim = SequenceMatcher(None, a, b, autojunk=False).ratio()
    return sim if sim >= floor else None


class CopyCheck(Check):
    code = "copied-source"
    severity = Severity.ERROR
    needs_source = True
    description = "Rendering is (almost) a copy of the source: left untranslated."

    def measure(self, ctx: Context) -> Iterator[Finding]:
        cfg = ctx.config
        for k, link in ctx.pairs():
            sim = copy_similarity(ctx.src_text(k), ctx.tgt_text(k), cfg.copy_similarity * 0.8)
            if sim is not None:
                yield Finding(k, sim, f"rendering is a copy of the source ({sim:.0%} identical): left untranslated",
                              ctx.tgt_evidence(k, "copied") + ctx.src_evidence(k))

    def decide(self, finding: Finding, cfg: FlagConfig) -> Severity | None:
        return self.severity if finding.score >= cfg.copy_similarity else None


def _chars(text: str) -> int:
    """Characters other than whitespace."""
    return len("".join(text.split()))


class LengthRatioCheck(Check):
    code = "length-ratio"
    severity = Severity.WARNING
    needs_source = True
    description = ("Rendering much shorter or longer than its source (by characters), absolutely or relative to the "
                   "document's usual ratio: something left out (also inside a merged 2:1 pair) or added.")

    def measure(self, ctx: Context) -> Iterator[Finding]:
        cfg = ctx.config
        rows = []
        for k, link in ctx.pairs():
            s, t = _chars(ctx.src_text(k)), _chars(ctx.tgt_text(k))
            if s and t:
                rows.append((k, s, t, math.log(t / s)))
        usable = [r[3] for r in rows if min(r[1], r[2]) >= cfg.length_ratio_min_chars // 2]
        use_z = len(usable) >= cfg.min_scored_for_z
        med, sd = robust_z(usable) if use_z else (0.0, 1.0)
        sd = max(sd, 0.15)  # a document of near-identical ratios must not make every small deviation an outlier
        # the log length ratio of a pair varies more the fewer words it has (one word more or less in a
        # five-word sentence is 20 %): a rendering *longer* than its source in a pair shorter than the
        # document's typical pair is judged with the spread widened by sqrt(typical / its length), at most
        # length_short_spread_max times, and so is the absolute upper bound (in log space): a short source
        # spelled out ("32% ủng hộ bà" -> "Tweeëndertig procent was er wel voor ...", "D.C." explained). Not
        # for a rendering shorter than its source: a cut-off sentence looks just like that (widening both
        # ways lost 2 of 53 truncations for 6 clean warnings, eval/flags.py seed 1)
        sizes = [(r[1] + r[2]) / 2 for r in rows if min(r[1], r[2]) >= cfg.length_ratio_min_chars // 2]
        typical = statistics.median(sizes) if sizes else 0.0
        for k, s, t, lr in rows:
            if max(s, t) < cfg.length_ratio_min_chars or min(s, t) < cfg.length_ratio_min_chars // 2:
                continue
            ratio = t / s
            widen = short_pair_widening((s + t) / 2, typical, cfg.length_short_spread_max) if ratio > 1 else 1.0
            z = (lr - med) / (sd * widen) if use_z else 0.0
            what = "shorter" if ratio < 1 else "longer"
            link = ctx.alignment.links[k]
            merged = len(link.src) > len(link.tgt)
            hint = ("part may be left out" + (" (several source sentences share one rendering sentence)" if merged else "")
                    if ratio < 1 else "text may be added or repeated")
            agree = mt_agrees(ctx, k)
            yield Finding(k, ratio, f"rendering is {ratio:.2f} times the length of the source (much {what} than usual"
                          + (f"; document median {math.exp(med):.2f}" if use_z else "") + f"): {hint}"
                          + (" (but it agrees with the re-translation in length and chrF: the source explains it)" if agree else ""),
                          ctx.tgt_evidence(k, f"length ratio {ratio:.2f}") + ctx.src_evidence(k),
                          {"z": z, "use_z": use_z, "mt_agrees": agree, "widen": widen})

    def decide(self, finding: Finding, cfg: FlagConfig) -> Severity | None:
        d = finding.data
        raised = Severity.INFO if d.get("mt_agrees") else self.severity  # the re-translation is as long: the source explains it
        w = d.get("widen", 1.0)
        if finding.score < cfg.length_ratio_min ** w or finding.score > cfg.length_ratio_max ** w:  # bounds widened in log space
            return raised
        if d["use_z"] and d["z"] <= cfg.length_z and finding.score <= cfg.length_ratio_rel_max:
            return raised
        return None


# "... woord. volgend" : a full stop after a real word (not an abbreviation) then lower case
_INNER_LOWER = re.compile(r"(?<![\w.])([^\W\d_]{3,})[.!?]['\"”’»)]*\s+[a-zà-ỹ]")
_ABBR_BEFORE = frozenset("bijv bv resp etc enz incl excl ong ca nr blz afb fig max min jl vs".split())
_END = re.compile(r"[.!?…]['\"”’»)\]]*\s*$")


class SentenceShapeCheck(Check):
    code = "sentence-shape"
    severity = Severity.WARNING
    needs_source = True
    description = ("Rendering does not begin and end like its source (capital at the start, full stop at the end): "
                   "a sign of scrambled, cut or glued sentences.")

    def measure(self, ctx: Context) -> Iterator[Finding]:
        for k, link in ctx.pairs():
            problems = shape_problems(ctx.src_text(k), ctx.tgt_text(k), [x.text for x in ctx.tgt_segments(k)])
            if not problems:
                continue
            # a sentence that starts with an article, pronoun or conjunction in lower case where its source starts
            # with a capital is a warning on its own: no line of 3,508 human vi->nl pairs (NTREX-128, FLORES dev and
            # devtest open half) nor of the real MT outputs does, and a shuffle puts such a word first often; one
            # of the other problems alone is often a clean headline or a quirk. Not a capital mid-sentence alone:
            # a headline with no full stop run into the next sentence ("... doden vallen In de nasleep ...", lines
            # joined into a paragraph) has one, and so has its Vietnamese source, in forms no word list covers
            strong = any(p.startswith("starts with") and p.endswith(_LOWER_START) for p in problems)
            yield Finding(k, float(len(problems)), f"rendering {' and '.join(problems)}, unlike its source: words may be scrambled, cut or glued",
                          ctx.tgt_evidence(k, "; ".join(problems)), {"problems": problems, "strong": strong})

    def decide(self, finding: Finding, cfg: FlagConfig) -> Severity | None:
        return Severity.WARNING if finding.score >= 2 or finding.data.get("strong") else Severity.INFO


def shape_problems(src: str, tgt: str, tgt_sentences: list[str] | None = None) -> list[str]:
    """What in the rendering ``tgt`` does not begin, run or end like a sentence the way its source ``src`` does
    (the problems as plain words; two or more make the sentence-shape warning). Needs no model: a shuffled
    sentence moves its capital, its full stop and its function words to places a written sentence has none.
    ``tgt_sentences``: the rendering's sentences as segmented (word order is judged in each, so that a link
    holding a headline and the next sentence is no capital mid-sentence); default: ``tgt`` as one."""
    src, tgt = src.strip(), tgt.strip()
    s0 = next((ch for ch in src if ch.isalpha()), "")
    t0 = next((ch for ch in tgt if ch.isalpha()), "")
    problems = []
    if s0.isupper() and t0.islower() and not tgt[:1].isdigit():
        first = _WORD.search(tgt)
        # an article, pronoun or conjunction in lower case where the source starts a sentence: a sentence that
        # begins with one has a capital (not "'s Werelds", not "iPhone"); a shuffle puts one first often
        if first is not None and first.group(0) in _NL_STARTERS and not tgt[:first.start()].strip(" \"'“‘("):
            problems.append(f"starts with \u201c{first.group(0)}\u201d {_LOWER_START}")
        else:
            problems.append("starts in lower case")
    if _END.search(src) and not _END.search(tgt) and not tgt.endswith((":", ";")):
        problems.append("does not end the sentence")
    inner = [m for m in _INNER_LOWER.finditer(tgt) if m.group(1).lower() not in _ABBR_BEFORE]
    if inner and len(inner) > len([m for m in _INNER_LOWER.finditer(src)]):
        problems.append("has a sentence starting in lower case inside it")
    for sent in tgt_sentences if tgt_sentences else [tgt]:
        for p in _word_order_problems(sent):
            if p not in problems:
                problems.append(p)
    return problems


# Dutch words that begin sentences (articles, pronouns, conjunctions, prepositions, sentence adverbs): written
# with a capital in the middle of a sentence only when a sentence starts there, or as the first word of a name
# ("De Jong", "Het Parool", "Van Gogh": a capitalised word follows, and those are skipped). A shuffle moves the
# sentence's capitalised first word into the middle, after a word with no full stop: "... de In jaren vielen".
_NL_STARTERS = frozenset("""de het een dit dat deze die er hij zij ze wij we ik jij je u men zo ook maar en of
    want dus toen als omdat hoewel terwijl nadat voordat sinds volgens tijdens na bij in op met voor door uit
    over tegen naar onder sommige veel vele alle elke iedere ieder daarom daarna daarnaast bovendien echter
    wel niet nu hier daar waar wat wie hoe waarom welke zijn haar hun mijn ons onze""".split())
# a sentence does not end on an article, a coordinating or subordinating conjunction or "te": the word needs
# something after it ("... of de", "... en", "... om te"). Prepositions are left out: Dutch ends sentences on
# particles that look like them ("belde hem op", "daar weet ik niets van"). A deliberate subset of
# checks/meaning.py's _NL_NO_END (which adds the prepositions that are never particles and the
# subordinators, for the truncated check); named apart so the two lists are not taken for one.
_NL_NEVER_LAST = frozenset("de een en maar want omdat hoewel terwijl te".split())
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_MID_CAPITAL = "with a capital in the middle of a sentence"
_LOWER_START = "in lower case"
_BREAK_BEFORE = re.compile(r"""[.!?:;…"“”'‘’«»()\[\]–—-]\s*$""")


def _mid_capitals(text: str, starters: frozenset[str]) -> list[str]:
    """Words of ``starters`` written with a capital in the middle of a sentence of ``text``: not first, not
    after a full stop, colon, quote, bracket, dash or line break (a sentence or quotation may start there),
    not followed by another capitalised word ("De Jong", "Het Parool": the first word of a name)."""
    out = []
    words = list(_WORD.finditer(text))
    for i, m in enumerate(words[1:], 1):
        w = m.group(0)
        if not (w[:1].isupper() and w[1:].islower() and w.lower() in starters):
            continue
        between = text[words[i - 1].end():m.start()]
        if _BREAK_BEFORE.search(between) or "\n" in between:
            continue
        if i + 1 < len(words) and words[i + 1].group(0)[:1].isupper():
            continue
        out.append(w)
    return out


def _word_order_problems(tgt: str) -> list[str]:
    """Word-order signs in a (Dutch) rendering: a sentence-starting function word with a capital in the middle
    of a sentence, and a last word that cannot end a sentence."""
    out = []
    mids = _mid_capitals(tgt, _NL_STARTERS)
    if mids:
        out.append(f"has \u201c{mids[0]}\u201d {_MID_CAPITAL}")
    words = list(_WORD.finditer(tgt))
    if len(words) >= 4:
        last = words[-1]
        if last.group(0).lower() in _NL_NEVER_LAST and not tgt[last.end():].strip(" .!?…\"”’»)") and tgt[last.end():last.end() + 1] != "-":
            out.append(f"ends on \u201c{last.group(0)}\u201d, a word that cannot end a sentence")
    return out
