"""Stage 2 — segment: a Document into paragraphs and sentences with exact spans.

Written by hand on purpose: the common splitters (pysbd, NLTK punkt, syntok) do not
cover Vietnamese abbreviations (TS., Th.S, PGS.TS., TP.) and split inside the
Vietnamese/Dutch number and document-code conventions this project meets
(96,3%, 6.280, 16-DU/TU, 21-NQ/TW, 14/02/2025). The rules are small and explicit:

* paragraphs: every non-empty line is a paragraph, except that lines which are
  clearly soft-wrapped (no sentence end, next line starts lowercase, the break
  where a wrap at the block's width falls, lines of at most 100 characters) are
  joined;
* sentences: split after ``. ! ? …`` (plus closing quotes/brackets) followed by
  whitespace and an uppercase letter, digit, opening quote or bullet — unless the
  word before the dot is a known abbreviation or a single initial. Sentences
  inside quoted speech are split too ("Hij zei: "Wij gaan. Het is laat."" is two
  sentences), as human segmenters and the parallel corpora do: a translation keeps
  the sentences of a quotation, and the aligner can merge what it cannot split.

Spans are exact: ``segment.text == doc.text[segment.start:segment.end]``; the text
between segments is whitespace only, so the document can be rebuilt from its
segments and separators.
"""

from __future__ import annotations

import re

from ..data import Document, Paragraph, Segment, Segmentation, Side
from ..runtime import gc_paused

# Abbreviations that end with a dot and do not end a sentence (compared case-sensitively
# on the token before the dot, without the final dot).
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "nl": frozenset(
        """nr Nr nrs blz Blz bijv bv Bv dhr Dhr mevr Mevr mw Mw drs Drs dr Dr ir Ir prof Prof
        mr Mr ing Ing jl resp ca Ca etc enz o.a O.a i.p.v m.b.t t.a.v e.d d.w.z z.g.a.n a.s
        St vs incl excl Art pag Pag hfdst mln mld mrd Mln Mrd Fig fig tel Tel afb Afb""".split()
    ),
    "vi": frozenset(
        """TS ThS Th.S PGS GS BS KS CN TP Tp TT Q P NXB PGS.TS GS.TS ThS.BS BSCKII BSCKI
        TTg UBND HĐND Ths Ts Bs Mr Mrs Ms Dr St vs v.v tr Tr""".split()
    ),
    "en": frozenset(
        """Mr Mrs Ms Dr Prof St Jr Sr vs etc e.g i.e No no Fig fig Inc Ltd Co Corp Gen Gov
        Sen Rep Lt Col Sgt Capt Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec U.S U.K""".split()
    ),
}
_ALL_ABBREVIATIONS = frozenset().union(*ABBREVIATIONS.values())
# abbreviations that end a list ("en zo verder"): before a capital they end the sentence too
_LIST_END = frozenset({"etc", "enz", "v.v", "e.d", "usw"})

_CLOSERS = "\"'”’»)]›"
_OPENERS_START = "\"'“‘«([‹*•-–—>"
# A candidate boundary: terminal punctuation, optional closers, whitespace.
_BOUNDARY = re.compile(r"(\.{3}|…|[.!?])([" + re.escape(_CLOSERS) + r"]*)(\s+)")
_MAX_WORD = 200
MAX_SEGMENT_CHARS = 2000
"""Longest segment handed on: a sentence longer than this is cut (with a warning)
so that alignment, langid, scoring and the MT model never get a megabyte string."""
MAX_WRAP_WIDTH = 100
"""Longest line taken for a hard-wrapped one. Writers and tools wrap at 66-80 columns
(format=flowed e-mail 66/78, git 72, PEP 8 79, Emacs 70, Vim 79; ``fmt`` aims at 93 % of
75), seldom past 100: a longer line without a sentence end is a paragraph of its own
(a post, a caption), even when the next line opens in lower case."""
_BULLET = re.compile(r"^\s*(?:[*•·\-–—>]|\d+[.)])\s+")
_ENDS_SENTENCE = re.compile(r"[.!?…:;\"”’»)]\s*$")


def segment_document(doc: Document, side: Side, lang: str | None = None) -> Segmentation:
    """Split ``doc`` into paragraphs and sentences."""
    with gc_paused():
        return _segment_document(doc, side, lang)


def _segment_document(doc: Document, side: Side, lang: str | None) -> Segmentation:
    lang = lang or doc.lang or ""
    paragraphs: list[Paragraph] = []
    segments: list[Segment] = []
    cut: list[int] = []  # paragraphs with an over-long sentence
    for p_index, (p_start, p_end) in enumerate(paragraph_spans(doc.text)):
        seg_indices = []
        spans = sentence_spans(doc.text, p_start, p_end, lang)
        if any(e - s > MAX_SEGMENT_CHARS for s, e in spans):
            spans = [piece for s, e in spans for piece in cut_long_span(doc.text, s, e)]
            cut.append(p_index)
        for s_index, (s_start, s_end) in enumerate(spans):
            seg = Segment(
                side=side,
                index=len(segments),
                paragraph=p_index,
                sentence=s_index,
                start=s_start,
                end=s_end,
                text=doc.text[s_start:s_end],
            )
            segments.append(seg)
            seg_indices.append(seg.index)
        paragraphs.append(
            Paragraph(
                side=side,
                index=p_index,
                start=p_start,
                end=p_end,
                segments=tuple(seg_indices),
                text=doc.text[p_start:p_end],
            )
        )
    if cut:
        line, _ = doc.line_col(paragraphs[cut[0]].start)
        doc.warnings.append(
            f"{doc.path or '<input>'}: {len(cut)} paragraph(s) (the first on line {line}) hold text of more than "
            f"{MAX_SEGMENT_CHARS:,} characters without a sentence end; cut it into pieces of at most "
            f"{MAX_SEGMENT_CHARS:,} characters at spaces (check that the file has line breaks)"
        )
    return Segmentation(document=doc, side=side, paragraphs=paragraphs, segments=segments)


def cut_long_span(text: str, start: int, end: int, limit: int | None = None) -> list[tuple[int, int]]:
    """Guard against unbounded segments (a 5 MB line without a sentence end):
    cut ``text[start:end]`` into spans of at most ``limit`` characters, preferring
    the last ``; , :`` or space before the limit, else a hard cut. The spans keep
    losslessness: what lies between them is whitespace or nothing.

    Not the translate stage's ``split_long`` (issue 13: one name meant both): that one
    cuts a sentence's text into pieces of at most N model tokens for Marian; this one
    cuts offsets of the document at a character limit, before sentences exist."""
    limit = limit or MAX_SEGMENT_CHARS
    out: list[tuple[int, int]] = []
    s = start
    while end - s > limit:
        window = text[s : s + limit + 1]
        cut = -1
        for mark in ("; ", ", ", ": "):
            k = window.rfind(mark, limit // 2)
            if k > cut:
                cut = k + 1  # keep the mark with the left piece
        if cut < 0:
            k = max(window.rfind(" ", limit // 2), window.rfind("\n", limit // 2))
            cut = k if k > 0 else limit
        e = s + cut
        ee = e
        while ee > s and text[ee - 1].isspace():
            ee -= 1
        out.append((s, ee if ee > s else e))
        s = e
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        out.append((s, end))
    return out


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of paragraphs: non-empty lines, soft-wrapped lines joined."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            lines.append((-1, -1))  # blank line: a hard paragraph break
            continue
        lead = len(line) - len(line.lstrip())
        trail = len(line) - len(line.rstrip())
        lines.append((start + lead, end - trail))

    # wrap width of each block of consecutive non-blank lines: its longest line
    width = [0] * len(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j][0] >= 0:
            j += 1
        w = max((e - s for s, e in lines[i:j]), default=0)
        for k in range(i, j):
            width[k] = w
        i = j + 1
    # a block is hard-wrapped prose when most of its lines without a sentence end
    # (headings and labels under 40 characters aside) run up to the wrap width; lines of posts or labels without final punctuation
    # have lengths all over the place, and one that happens to be the longest of
    # its block is not a wrap (posts without punctuation, one per line)
    wrapped = [False] * len(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j][0] >= 0:
            j += 1
        open_lines = [k for k in range(i, j - 1) if lines[k][1] - lines[k][0] >= 40
                      and not _ENDS_SENTENCE.search(text[lines[k][0] : lines[k][1]])]
        full = sum(1 for k in open_lines if _fits_width(text, lines[k], lines[k + 1], width[k]))
        ok = bool(open_lines) and full >= 0.75 * len(open_lines)
        if ok and len(open_lines) == 1 and not _ENDS_SENTENCE.search(text[lines[j - 1][0] : lines[j - 1][1]]):
            # one wrapped line is weak evidence (any two lines of similar length
            # pass the width test); a wrapped paragraph of prose ends its last line
            # with a sentence end, two posts without final punctuation do not
            # ("Cú sút của Menga mang lại chiến thắng 1-0 cho Livingston trước Rangers"
            # / "pha dẫn trước của của Dolly Menga giúp Livingston chắc suất chiến thắng")
            ok = False
        for k in range(i, j):
            wrapped[k] = ok
        i = j + 1
    spans: list[tuple[int, int]] = []
    for i, (start, end) in enumerate(lines):
        if start < 0:
            continue
        prev = lines[i - 1] if i > 0 else (-1, -1)
        if spans and prev[0] >= 0 and wrapped[i] and _is_soft_wrap(text, prev, (start, end), width[i]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _is_soft_wrap(text: str, prev: tuple[int, int], cur: tuple[int, int], width: int = 0) -> bool:
    """A line continues the previous one when that one has no sentence end, this
    one starts with a lowercase letter (hard-wrapped prose, e-mail style), and the
    break is where a wrapping writer or program breaks: the first word of this line
    would not have fitted on the previous one (``width``: the longest line of the
    block, i.e. the wrap width; 10 % slack for ragged right margins). Otherwise a
    line break after text without a sentence end is a boundary: lower-case posts
    without final punctuation, one per line; lines that end with a URL, an emoji,
    a #hashtag or an @mention; list items."""
    prev_text = text[prev[0] : prev[1]]
    cur_text = text[cur[0] : cur[1]]
    if _ENDS_SENTENCE.search(prev_text) or _BULLET.match(cur_text):
        return False
    if len(prev_text) < 40:  # headings, menu items
        return False
    if len(prev_text) > MAX_WRAP_WIDTH:  # no wrap width is that wide: a paragraph on one line
        return False
    if not cur_text[:1].islower():
        return False
    last = prev_text.rsplit(None, 1)[-1]
    if last[:1] in "@#" or "://" in last or last.startswith("www.") or _is_symbol(last[-1]):
        return False
    return _fits_width(text, prev, cur, width)


def _fits_width(text: str, prev: tuple[int, int], cur: tuple[int, int], width: int) -> bool:
    """The first word of line ``cur`` would not have fitted on line ``prev`` (wrap
    width ``width``, 10 % slack for ragged right margins): where a wrapping writer
    or program breaks."""
    first_word = text[cur[0] : cur[1]].split(None, 1)[0]
    return not width or (prev[1] - prev[0]) + 1 + len(first_word) > 0.9 * width


def _is_symbol(ch: str) -> bool:
    """Emoji and other pictographs (Unicode "So"), or the variation selector after one."""
    import unicodedata

    return unicodedata.category(ch) == "So" or ch in "\ufe0f\u200d"


def sentence_spans(text: str, start: int, end: int, lang: str = "") -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (a paragraph)."""
    para = text[start:end]
    abbreviations = ABBREVIATIONS.get(lang, _ALL_ABBREVIATIONS)
    if lang == "vi" and not _has_vietnamese_letters(para):
        # a passage left in English (or another Latin-script language) inside the
        # Vietnamese: Vietnamese abbreviations would hold it together ("... the
        # red Audi TT. He was ..."; TT is Vietnamese for thông tư or thị trấn)
        abbreviations = ABBREVIATIONS["en"]
    spans: list[tuple[int, int]] = []
    seg_start = 0
    for m in _BOUNDARY.finditer(para):
        cut = m.end(2)  # after punctuation and closers
        nxt = m.end(3)
        if nxt >= len(para):
            break
        if _detached_closer(para, m.start(1), nxt):
            # a closing quote set off by a space ('... cho con bú? " Một người khác
            # bình luận thêm: ...'): it closes this sentence, not opens the next
            cut = nxt + 1
            nxt = cut
            while nxt < len(para) and para[nxt].isspace():
                nxt += 1
            if nxt >= len(para):
                break
        if not _starts_sentence(para, nxt):
            continue
        if m.group(1) == "." and _is_abbreviation(para, m.start(1), abbreviations, para[nxt]):
            continue
        if m.group(1) == "." and seg_start == 0 and para[: m.start(1)].isdigit() and m.start(1) <= 3:
            continue  # a numbered list item ("2. Lưu thành") keeps its number
        spans.append((seg_start, cut))
        seg_start = nxt
    spans.append((seg_start, len(para)))
    result = []
    for s, e in spans:
        while s < e and para[s].isspace():
            s += 1
        while e > s and para[e - 1].isspace():
            e -= 1
        if e > s:
            result.append((start + s, start + e))
    return result


def _detached_closer(para: str, end: int, pos: int) -> bool:
    """Is ``para[pos]`` a closing quote written with a space before it (after the
    sentence end at ``end``) and a space or the paragraph end after it? A curly or
    angled closer always is; a straight double quote when the paragraph so far
    holds an odd number of them (one is open: the sentences of a quotation are
    split, so the one that opened it may lie sentences back). An opening quote is
    written against its word."""
    ch = para[pos]
    if ch not in "\"”’»" or (pos + 1 < len(para) and not para[pos + 1].isspace()):
        return False
    return ch != '"' or para.count(ch, 0, end) % 2 == 1


# letters only Vietnamese writes among Latin-script languages (ă â đ ê ô ơ ư and
# the tone marks on vowels): almost every Vietnamese sentence holds one
_VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323]|[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
                         r"ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ]")


def _has_vietnamese_letters(para: str) -> bool:
    """Does the paragraph look Vietnamese: a Vietnamese letter, or too few letters
    to tell (a short line keeps the Vietnamese rules)?"""
    if _VI_LETTERS.search(para):
        return True
    return sum(ch.isalpha() for ch in para) < 40


def _starts_sentence(para: str, pos: int) -> bool:
    ch = para[pos]
    if ch.isupper() or ch.isdigit():
        return True
    if ch in _OPENERS_START:
        rest = para[pos + 1 : pos + 3].lstrip()
        return not rest or rest[0].isupper() or rest[0].isdigit() or ch in "*•>"
    return False


def _word_before(para: str, dot: int) -> str:
    """The run of word characters and dots ending at ``dot`` (what ``([\\w.]+)$``
    matches), scanning back at most ``_MAX_WORD`` characters: a regex search from
    the paragraph start was quadratic on huge paragraphs."""
    k = dot
    stop = max(0, dot - _MAX_WORD)
    while k > stop:
        ch = para[k - 1]
        if ch == "." or ch == "_" or ch.isalnum():
            k -= 1
        else:
            break
    return para[k:dot]


def _is_abbreviation(para: str, dot: int, abbreviations: frozenset[str], after: str = "") -> bool:
    word = _word_before(para, dot)
    if not word:
        return False
    core = word.rstrip(".")
    if core in _LIST_END and after[:1].isupper():
        return False  # "etc.", "v.v." close a list, and often the sentence: a capital follows it
    if core in abbreviations or core.split(".")[-1] in abbreviations:
        return True
    # single initial ("J. Smith", "Nguyễn V. A."), or dotted initialism (T.P., o.a.); a
    # letter with a diacritic is a word, not an initial (Vietnamese "Ý" is Italy)
    if len(core) == 1 and core.isalpha() and core.isupper():
        return core.isascii() or core == "Đ"
    if "." in core and all(len(part) <= 2 for part in core.split(".") if part):
        return True
    return False
