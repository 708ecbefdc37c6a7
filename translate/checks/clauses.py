"""``clause-dropped``: a rendering that left out a clause of its source (issue 12).

A dropped clause shortens a rendering by a quarter or a third; a concise human translation
does that too (NTREX's Dutch and Vietnamese were translated independently from English: a
clean pair is often 40 % shorter than the usual ratio). Length alone therefore cannot tell
them apart, and neither can any single structural sign. The check asks for two independent
signs that agree:

* **short**: the rendering is short for its source relative to the document's own length
  ratio (robust z, shrunk to the language pair's prior for short articles, as
  :class:`~translate.checks.meaning.TruncationCheck` measures it), or short against the
  re-translation relative to the document's own rendering/re-translation ratio;
* **something of the source is missing**, said in words the translator can check:

  - a name or code of the source has no trace in the rendering (the same test as the
    ``name-missing`` info: only what survives translation counts as a name; a translator
    rewords, but keeps "Iceland", "Tonle Sap", "CNN");
  - the source has at least two clauses more than the rendering (commas, semicolons, and
    the conjunctions that open a clause: vi và, nhưng, khi, vì, nên, mà, để, nếu, rằng; nl
    en, maar, omdat, toen, dat, die, ...): a clause a rendering merges is one fewer, rarely
    two;
  - with a re-translation: one of its clauses (four or more content words) has none of its
    words in the rendering while another clause of it is covered: the rendering renders the
    sentence but not that part (the weak vi->nl MT shares few words with a human rendering,
    so a whole clause with none of them is a sign only together with another).

Each content sign is measured per pair and needs the *short* sign as well; the thresholds
are robust z-scores, not fixed lengths. Clean false alarms and recall are measured end to end
by ``eval/flags.py`` (docs/flags.md).

Hand-written: clause boundaries and coverage are a few regular expressions and prefix
matches; no library segments Vietnamese and Dutch clauses.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import lru_cache

from ..data import Severity
from .base import TEXT_CACHE, Check, Context, Finding, clip
from .meaning import _MIN_CHARS, _SENT_END, _WORD, TruncationCheck, clause_count, length_rows, row_z
from .pair import missing_names

# Where a Dutch sentence opens a new clause: punctuation, and before a conjunction or relative
# pronoun (the word stays with its clause).
_NL_CLAUSE_SPLIT = re.compile(r"[,;:\u2013\u2014]|(?<=\s)(?=(?:en|maar|omdat|want|terwijl|toen|die|dat|waardoor|waarbij|"
                              r"zodat|als|wanneer|nadat|voordat|hoewel)\s)", re.IGNORECASE)


def _content(text: str) -> list[str]:
    """Content words: longer than three letters (articles, pronouns, auxiliaries and most
    prepositions are shorter or shared by any rendering)."""
    return [w for w in _WORD.findall(text) if len(w) > 3]


@lru_cache(maxsize=TEXT_CACHE)
def uncovered_clause(retrans: str, tgt: str, min_words: int = 4) -> str | None:
    """The first clause of ``retrans`` (at least ``min_words`` content words) none of whose
    content words occurs in ``tgt`` (a word of ``tgt`` starting with its first five letters),
    provided another clause of it has at least 30 % of its words there (the rendering does
    render the sentence); else None."""
    have = [w.lower() for w in _WORD.findall(tgt)]
    covs = []
    for part in _NL_CLAUSE_SPLIT.split(retrans):
        ws = _content(part)
        if len(ws) >= min_words:
            covs.append((sum(any(h.startswith(w.lower()[:5]) for h in have) for w in ws) / len(ws), part.strip()))
    if len(covs) < 2 or max(c for c, _ in covs) < 0.3:
        return None
    return next((p for c, p in covs if c == 0.0), None)


class ClauseDropCheck(Check):
    code = "clause-dropped"
    severity = Severity.WARNING
    needs_source = True
    description = ("Rendering that left out a clause: short for its source against the document's own length ratio "
                   "(or against the re-translation), and something of the source with no trace in it: a name or code, "
                   "two clauses of the source, or a whole clause of the re-translation. Two independent signs must agree.")

    short_z = -2.0
    """Robust SDs below the document's rendering/source length ratio that count as short ..."""
    short_mt_z = -2.0
    """... or below its rendering/re-translation ratio while also both_z short against the source."""
    both_z = -1.0
    """With two content signs, a rendering this short (against the source or the re-translation) suffices."""
    min_chars = 40
    """Sources shorter than this (non-space characters) are not judged: short sentences vary most in length."""
    clause1_z = -3.0
    """One clause fewer (less than ``clause_gap``) and this short (two fewer and -2.5 is ``truncated``'s clause test)."""
    clause_gap = 2
    """Clauses more in the source than in the rendering that count as a sign."""
    retrans_min_words = 4
    """Content words a clause of the re-translation needs before its absence counts (at 3, a prepositional phrase a
    translator recasts counted: 0.61 % of clean pairs against NLLB-1.3B, 0.24 % at 4, recall the same)."""
    retrans_z = -2.0
    """The re-translation's clause counts when the rendering is this short against the source and the re-translation."""
    length_max_zr = 0.0
    """With a re-translation, no sign counts when the rendering is longer than usual against it (its robust z of
    rendering/re-translation length above this), however short it is for its source: both yardsticks must agree, as
    ``truncated``'s length signs and ``shorter-than-retranslation`` ask (OPUS-MT and NLLB, seeds 0-3: 6 clean lines
    and no dropped clause or truncation had the sign with the rendering long against the re-translation)."""

    def decide_signs(self, tags: list[str], z: float, zr: float, has_mt: bool) -> bool:
        """Whether a content sign (``tags``) and the length agree. ``z``: robust z of the
        rendering/source length ratio in the document; ``zr``: of the rendering/re-translation ratio
        (0 without a re-translation)."""
        short_src = z <= self.short_z
        short_mt = has_mt and zr <= self.short_mt_z
        if "name" in tags and (short_src or (short_mt and z <= self.both_z)):
            return True
        if "name" in tags and "clauses" in tags and min(z, zr) <= self.both_z:
            return True
        if "clause1" in tags and z <= self.clause1_z:
            return True
        # the weak re-translation shares no word with a clause of a good rendering often enough
        # that its sign needs both length measures short
        return "retrans" in tags and has_mt and z <= self.retrans_z and zr <= self.retrans_z

    def measure(self, ctx: Context) -> Iterator[Finding]:
        cfg = ctx.config
        if cfg.tgt_lang != "nl":
            return
        rows, src_stats, mt_stats = length_rows(ctx)
        if src_stats is None:
            return
        # a rendering the truncation check already shows as cut is not shown twice
        cut = {f.link for f in TruncationCheck().run(ctx)}
        for row in rows:
            k, src, tgt, s, t, r, retrans = row
            if k in cut:
                continue
            if s < self.min_chars or t < _MIN_CHARS or not _SENT_END.search(src):
                continue
            z, zr = row_z(row, src_stats, mt_stats)
            if min(z, zr) > self.both_z:
                continue
            if mt_stats is not None and r >= _MIN_CHARS and zr > self.length_max_zr:
                # longer than usual against the re-translation: the two yardsticks disagree, and a source name
                # the rendering lacks is then a name it renders another way (a Vietnamese ethnonym, "Chăm", a
                # title read as a name), not a lost clause
                continue
            signs: list[str] = []
            tags: list[str] = []
            ev = []
            segs = ctx.src_segments(k)
            missing = [(segs[pos], a, b, text) for pos, a, b, text, _ in
                       missing_names(tuple(x.text for x in segs), tgt, cfg.src_lang, cfg.name_min_len)]
            if missing:
                shown = ", ".join(dict.fromkeys(m[3] for m in missing))
                signs.append(f"the source's {clip(shown, 50)} has no trace in it")
                tags.append("name")
                ev += [e for seg, a, b, _ in missing
                       for e in ctx.link_span(k, _offset(segs, seg) + a, _offset(segs, seg) + b, "src", "not in the rendering")]
            ns, nt = clause_count(src, "vi"), clause_count(tgt, "nl")
            if cfg.src_lang == "vi" and ns >= nt + self.clause_gap:
                signs.append(f"the source has {ns} clauses and the rendering {nt}")
                tags.append("clauses")
            elif cfg.src_lang == "vi" and ns >= nt + 1:
                signs.append(f"the source has {ns} clauses and the rendering {nt}")
                tags.append("clause1")
            gap = uncovered_clause(retrans[0], tgt, self.retrans_min_words) if retrans else None
            if gap is not None:
                signs.append(f"none of the re-translation's \u201c{clip(gap, 50)}\u201d is in it")
                tags.append("retrans")
            if not signs:
                continue
            if not self.decide_signs(tags, z, zr, bool(r)):
                continue
            ratio = math.exp(math.log(t / s) - src_stats[0])
            length = f"it is {ratio:.2f} of the document's usual length for its source"
            if r and mt_stats is not None:
                length += f" and {math.exp(math.log(t / r) - mt_stats[0]):.2f} of the usual length of the re-translation"
            msg = f"rendering may miss a clause: {length}, and {'; '.join(signs)}"
            yield Finding(k, -min(z, zr), msg, ev + ctx.tgt_evidence(k, f"{ratio:.2f} of the usual length"),
                          {"z": z, "zr": zr, "tags": tags})


def _offset(segs, seg) -> int:
    """Offset of ``seg`` in the link's joined text (segments joined by one space)."""
    pos = 0
    for x in segs:
        if x is seg:
            return pos
        pos += len(x.text) + 1
    return pos
