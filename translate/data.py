"""Typed records handed from one stage to the next.

    read     -> Document
    segment  -> Segmentation (Paragraphs + Segments, spans into Document.text)
    translate-> Translation (one hypothesis per source segment, grouped)
    align    -> Alignment (Links over segment indices; paragraph links too)
    score    -> PairScore per link, DocScores
    flag     -> Flag per finding, with Evidence spans
    pipeline -> ReviewResult (everything above, what ran and what was skipped)

All offsets are character offsets into ``Document.text`` (the normalized text:
NFC, LF line ends, BOM removed). ``Document.original_offset`` maps them back to
the decoded file as it was, and ``Document.line_col`` gives 1-based line/column.
Records are plain dataclasses without global state so that a corpus can be
mapped over worker processes one document pair at a time.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

Side = Literal["src", "tgt"]


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]

    def __ge__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


@dataclass
class Document:
    """One input text after reading and normalization."""

    text: str
    """Normalized text (NFC, ``\\n`` line ends, no BOM). All spans point here."""
    path: str | None = None
    lang: str = ""
    encoding: str = "utf-8"
    original: str | None = None
    """Decoded text before normalization; None when identical to ``text``."""
    offset_map: list[int] | None = None
    """``offset_map[i]`` is the index in ``original`` of normalized char ``i``
    (with one extra entry for ``len(text)``); None when the identity."""
    warnings: list[str] = field(default_factory=list)

    def original_offset(self, pos: int) -> int:
        if self.offset_map is None:
            return pos
        return self.offset_map[max(0, min(pos, len(self.offset_map) - 1))]

    def line_col(self, pos: int) -> tuple[int, int]:
        """1-based (line, column) of normalized offset ``pos``."""
        starts = self._line_starts()
        line = bisect.bisect_right(starts, pos) - 1
        return line + 1, pos - starts[line] + 1

    def _line_starts(self) -> list[int]:
        cached = self.__dict__.get("_starts")
        if cached is None:
            # str.find in C: a per-character Python loop took seconds on large inputs
            cached = [0]
            find = self.text.find
            k = find("\n")
            while k >= 0:
                cached.append(k + 1)
                k = find("\n", k + 1)
            self.__dict__["_starts"] = cached
        return cached


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence (or a sentence-like unit such as a heading or menu item)."""

    side: Side
    index: int
    """Position among all segments of its document (0-based)."""
    paragraph: int
    """Index of its paragraph in the document."""
    sentence: int
    """Position inside its paragraph."""
    start: int
    end: int
    """Half-open span in ``Document.text``; ``text == doc.text[start:end]``."""
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    side: Side
    index: int
    start: int
    end: int
    segments: tuple[int, ...]
    """Indices of the segments (sentences) it contains, in order."""
    text: str


@dataclass
class Segmentation:
    document: Document
    side: Side
    paragraphs: list[Paragraph]
    segments: list[Segment]

    def paragraph_text(self, index: int) -> str:
        return self.paragraphs[index].text


@dataclass(frozen=True, slots=True)
class Link:
    """One alignment bead: 0..n source segments with 0..n target segments."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    cost: float = 0.0
    confidence: float = 1.0

    @property
    def type(self) -> str:
        return f"{len(self.src)}:{len(self.tgt)}"

    @property
    def is_omission(self) -> bool:
        return bool(self.src) and not self.tgt

    @property
    def is_addition(self) -> bool:
        return bool(self.tgt) and not self.src


@dataclass
class Alignment:
    links: list[Link]
    """Sentence-level links, in document order; every segment of both sides
    appears in exactly one link."""
    paragraph_links: list[Link] = field(default_factory=list)
    """Paragraph-level links (indices are paragraph indices)."""
    method: str = ""
    skip_gaps: dict[int, float] = field(default_factory=dict)
    """Source segment index -> how much more the best alignment costs when that
    segment is left unaligned (1:0), for the segments near an omission or a merge
    (0.0 for the predicted omissions). A small gap means the aligner could as well
    have called that segment the missing one; the omission check reports it."""


@dataclass
class Translation:
    """Machine (or given) translation of the source segments.

    ``texts[i]`` is the translation of group ``i``; ``groups[j]`` is the group of
    source segment ``j``. A model translates every segment on its own (group ==
    segment index); an ``--against`` file aligned m:n to the source yields
    groups spanning several source segments.
    """

    texts: list[str]
    groups: list[int]
    system: str
    """Signature of what produced it (model route, decoding) or ``against:<file>``."""
    kind: Literal["model", "against"] = "model"
    unpaired: int = 0
    """Sentences of a given translation that pair with no source segment (not used)."""
    others: list["Translation"] = field(default_factory=list)
    """Further re-translations (several ``--against`` files or ``--model`` routes): they
    weigh in the per-link risk; scores and checks use this one."""

    def for_segments(self, indices: tuple[int, ...] | list[int]) -> str:
        seen: list[int] = []
        for i in indices:
            g = self.groups[i]
            if g not in seen:
                seen.append(g)
        return " ".join(t for t in (self.texts[g] for g in seen) if t)


@dataclass(slots=True)
class PairScore:
    """Scores of the rendering (hypothesis) against the re-translation (reference)."""

    bleu: float
    chrf: float
    chrfpp: float
    reference: str
    """The re-translation / against text the rendering was scored with."""


@dataclass
class DocScores:
    bleu: float
    chrf: float
    chrfpp: float
    signatures: dict[str, str]
    segments: int


@dataclass(frozen=True, slots=True)
class Evidence:
    """The part of the input a flag points at."""

    side: Side
    start: int
    end: int
    text: str
    note: str = ""


@dataclass(slots=True)
class Flag:
    code: str
    severity: Severity
    message: str
    """Plain-language reason, for a translator."""
    link: int
    """Index of the link in ``Alignment.links``; -1 for a document-level flag."""
    evidence: list[Evidence] = field(default_factory=list)
    score: float | None = None
    waived: bool = False
    key: str = ""
    """Content hash (code + source + rendering text) that waivers refer to."""


@dataclass(slots=True)
class RiskEvidence:
    """One term of a link's risk: which signal, how much it added (logit units), and why."""

    signal: str
    weight: float
    reason: str


@dataclass(slots=True)
class LinkRisk:
    """Every signal about one pair in one number in [0, 1] (translate/checks/risk.py), with its evidence."""

    score: float
    evidence: list[RiskEvidence]


@dataclass
class ReviewResult:
    source: Segmentation | None
    target: Segmentation
    alignment: Alignment
    translation: Translation | None
    scores: list[PairScore | None]
    """One per link (None when there is nothing to compare)."""
    doc_scores: DocScores | None
    flags: list[Flag]
    skipped: list[str] = field(default_factory=list)
    """One line per stage that did not run and how to enable it."""
    meta: dict[str, object] = field(default_factory=dict)
    risks: list[LinkRisk | None] = field(default_factory=list)
    """One per link (translate/checks/risk.py); None where there is no pair; empty when not computed."""

    def flags_for(self, link_index: int) -> list[Flag]:
        return [f for f in self.flags if f.link == link_index]

    def worst_severity(self) -> Severity | None:
        active = [f.severity for f in self.flags if not f.waived]
        return max(active, key=lambda s: s.rank) if active else None
