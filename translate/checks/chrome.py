"""Page chrome: what a copy-paste of a web page drags along that is not the article.

Menus, comment counters ("Reactie (0)"), empty widgets ("No data", "No videos
available"), source and share lines, related-article lists, site taglines and
datelines. Works on the rendering alone (no source needed).

Written by hand: boilerplate removers (jusText, trafilatura, boilerpy3) work on
HTML and its DOM; here only pasted plain text remains, so the rules are textual:

* phrases that are chrome wherever they occur (``ANYWHERE``);
* lines that are chrome when they are the whole paragraph (``WHOLE``);
* a run of short paragraphs without sentence punctuation (a menu);
* short paragraphs after a related-articles heading (a list of titles).

The words come from :mod:`translate.text.chrome`, which the aligner's boilerplate
cost reads too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.chrome import (COMMENT_WORDS, EMPTY_WIDGETS, NAVIGATION, PHOTO_LABELS, READ_MORE, RELATED_LISTS, SHARE_BUTTONS,
                              SITE_NAV, SOCIAL, SOURCE_LABELS, TAG_LABELS)
from ..text.langid import FUNCTION_WORDS
from ..data import Segment, Segmentation

_SOCIAL = r"(?:" + SOCIAL + ")"

ANYWHERE: list[tuple[str, re.Pattern[str]]] = [
    ("comment counter", re.compile(r"\b(?:" + COMMENT_WORDS + r")\s*\(\s*\d+\s*\)", re.I)),
    ("source line", re.compile(r"\b(?:" + SOURCE_LABELS + r")\s*:\s*(?:https?://|www\.)\S+", re.I)),
    ("share line", re.compile(r"\b(?:Del(?:en|en op)|Deel(?: dit(?: artikel| bericht)?)?(?: op| via)?|Share(?: this(?: article| story)?)?(?: on| via)?|Chia sẻ(?: bài viết)?(?: qua| lên)?)\s*:?\s*" + _SOCIAL + r"\b", re.I)),
    ("share line", re.compile(r"\b(?:Deel dit artikel|Deel dit bericht|Share this (?:article|story)|Chia sẻ bài viết)\b", re.I)),
    ("read-more link", re.compile(r"\b(?:" + READ_MORE + r")\s*(?::|»|›|>>|\.\.\.|…)", re.I)),
    ("read-more link", re.compile(r"(?:^|[.!?]\s+)(?:Lees (?:ook|meer|verder)|Read more|Xem thêm|Đọc thêm)\s*$", re.I)),
    ("section heading", re.compile(r"\b(?:" + RELATED_LISTS + r")\b", re.I)),
    ("empty widget", re.compile(r"\b(?:" + EMPTY_WIDGETS + r")\b", re.I)),
    ("footer", re.compile(r"\b(?:Alle rechten voorbehouden|All rights reserved|Bản quyền thuộc về|Terug naar boven|Back to top|Volg ons op|Follow us on|Abonneer (?:je|u) op|Meld je aan voor onze nieuwsbrief|Subscribe to our newsletter|Accepteer (?:alle )?cookies|Accept (?:all )?cookies|Cookie(?:instellingen|beleid)|Cookie settings)\b", re.I)),
    ("tags line", re.compile(r"(?:^|(?<=[.!?\"”’]\s))(?:Tags|Trefwoorden|Từ khóa|Keywords)\s*:\s*\w[^\n]*", re.I)),
    ("copyright line", re.compile(r"(?:©|\(c\))\s*(?:\d{4}|[A-Z])", re.I)),
    ("site tagline", re.compile(r"^\S+\.(?:vn|com|nl|be|org|net|info|news)\s+[-–—|:]\s+[^\n]*", re.I)),
    ("dateline", re.compile(r"(\b\w[\w ]{2,40})\1\s*\d{1,2}/\d{1,2}/\d{4}")),  # "Việt NamViệt Nam14/02/2025"
]

# Text each ANYWHERE pattern cannot match without, lowercase ASCII: every match
# contains one of the strings (case-insensitively). A segment whose lowercased text
# holds none of them is not scanned by that pattern: the same hits, found without
# running a dozen case-insensitive alternations over every sentence (they made
# find_chrome the slowest part of the flag stage on long documents).
# None: always scan (cheap anchored patterns).
ANYWHERE_NEEDS: list[tuple[str, ...] | None] = [
    ("(",),  # comment counter
    ("http", "www."),  # source line
    ("delen", "deel", "share", "chia s"),  # share line
    ("deel dit ", "share this ", "chia s"),  # share line
    ("lees ", "read ", "xem th", "c th", "meer lezen", "meer nieuws", "bekijk ook", "zie ook"),  # read-more link (Đọc thêm)
    ("lees ", "read more", "xem th", "c th"),  # read-more link
    ("gerelateerd", "related ", "n quan", "in hetzelfde onderwerp", "in dezelfde categorie", "van dezelfde auteur",
     "ng ch", "c gi", "meest gelezen", "most read", "laatste nieuws", "latest news", "tin m", "c nhi"),  # section heading
    ("no data", "no video", "no comments yet", "geen gegevens", "geen video", "nog geen reacties", "kh", "nh lu"),  # empty widget
    ("alle rechten", "all rights", "n quy", "terug naar boven", "back to top", "volg ons op", "follow us on", "abonneer ",
     "meld je aan", "subscribe to", "accept", "cookie"),  # footer
    ("tags", "trefwoorden", "kh", "keywords"),  # tags line (Từ khóa)
    None,  # copyright line
    None,  # site tagline
    ("/",),  # dateline
]
assert len(ANYWHERE_NEEDS) == len(ANYWHERE)
_NEEDS_RE = [None if needs is None else re.compile("|".join(map(re.escape, needs))) for needs in ANYWHERE_NEEDS]
_ANY_NEED = re.compile("|".join(re.escape(n) for needs in ANYWHERE_NEEDS if needs for n in needs))
# Characters that match an ASCII letter case-insensitively (or lowercase to ASCII)
# without being ASCII: with one of them in a segment, the needs test is skipped.
_CASE_ODD = re.compile("[\u0130\u0131\u017f\u212a]")

WHOLE: list[tuple[str, re.Pattern[str]]] = [
    ("empty widget", re.compile(r"^(?:Loading|Laden|Bezig met laden|Đang tải|Geen resultaten|No results)\W*$", re.I)),
    ("share line", re.compile(r"^(?:" + _SOCIAL + "|" + SHARE_BUTTONS + r")(?:\s*[|·•/,]?\s*(?:" + _SOCIAL + "|" + SHARE_BUTTONS + r"))*\W*$", re.I)),
    ("navigation", re.compile(r"^(?:" + NAVIGATION + r")\W*$", re.I)),
    ("tags line", re.compile(r"^(?:" + TAG_LABELS + r")\s*:", re.I)),
    ("dateline", re.compile(r"^\W*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:\s*[-,|]?\s*\d{1,2}[:.]\d{2}(?:\s*(?:uur|u|GMT\+?\d*|UTC))?)?\W*$", re.I)),
    ("dateline", re.compile(r"^(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|Thứ \w+|Chủ nhật)\s*,?\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}.{0,20}$", re.I)),
    ("photo credit", re.compile(r"^(?:" + PHOTO_LABELS + r")\s*:\s*[\w .,&/-]{1,60}$", re.I)),
    ("byline", re.compile(r"^(?:Door|By|Bởi|Tekst)\s*:?\s*[A-ZĐ][\w.-]+(?:\s+[A-ZĐ][\w.-]+){0,3}$")),
]

RELATED_HEADING = re.compile(
    # a heading alone on its line: the section headings, and the shorter forms a list opens with
    r"^(?:" + RELATED_LISTS + r"|Gerelateerde? (?:artikelen|berichten|nieuws)|Lees ook|Zie ook|Meer over dit onderwerp|"
    r"Related|More from)\W*$",
    re.I,
)

_SENTENCE_END = re.compile(r"[.!?…:;]\W*$")
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")


@dataclass(frozen=True)
class ChromeHit:
    segment: int
    start: int
    """Offset into the segment's text."""
    end: int
    kind: str


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def find_chrome(seg: Segmentation, menu_run_min: int = 3, menu_max_words: int = 4) -> list[ChromeHit]:
    """All chrome in a rendering, as spans inside segments."""
    hits: list[ChromeHit] = []
    covered: set[int] = set()
    for s in seg.segments:
        low = None if _CASE_ODD.search(s.text) else s.text.lower()
        if low is not None and not _ANY_NEED.search(low):
            low = ""  # no pattern with needs can match: one search instead of one per pattern
        for (kind, rx), needs in zip(ANYWHERE, _NEEDS_RE):
            if needs is not None and low is not None and (not low or not needs.search(low)):
                continue
            for m in rx.finditer(s.text):
                hits.append(ChromeHit(s.index, m.start(), _extend(s.text, m), kind))
                if m.start() == 0 and _extend(s.text, m) >= len(s.text.rstrip(" .")):
                    covered.add(s.index)
        for kind, rx in WHOLE:
            if rx.search(s.text.strip()):
                hits.append(ChromeHit(s.index, 0, len(s.text), kind))
                covered.add(s.index)
                break

    paras = seg.paragraphs

    def short_unpunctuated(p) -> bool:
        text = p.text.strip()
        return (
            len(p.segments) == 1
            and 0 < len(_words(text)) <= menu_max_words
            and not _SENTENCE_END.search(text)
            and not text[:1].isdigit()
        )

    # menus: runs of short unpunctuated paragraphs
    i = 0
    while i < len(paras):
        j = i
        while j < len(paras) and short_unpunctuated(paras[j]):
            j += 1
        if j - i >= menu_run_min:
            for p in paras[i:j]:
                for si in p.segments:
                    if si not in covered:
                        hits.append(ChromeHit(si, 0, len(seg.segments[si].text), "menu"))
                        covered.add(si)
        i = max(j, i + 1)

    # related-article lists: short paragraphs after a related heading, up to the next
    # chrome paragraph or the end; if a long paragraph comes first, the article goes
    # on (the heading was stray) and only the heading itself is chrome.
    para_of = {si: p.index for p in paras for si in p.segments}
    chrome_paras = {para_of[si] for si in covered}
    for pi, p in enumerate(paras):
        if not RELATED_HEADING.match(p.text.strip()):
            continue
        j = pi + 1
        while j < len(paras) and j not in chrome_paras:
            j += 1
        titles = paras[pi + 1 : j]
        if not titles or any(len(_words(t.text)) > 30 or len(t.segments) > 2 for t in titles):
            continue
        if sum(1 for t in titles if _SENTENCE_END.search(t.text.strip())) * 2 > len(titles):
            continue  # headlines mostly end without a full stop; article sentences do not
        for t in titles:
            for si in t.segments:
                if si not in covered:
                    hits.append(ChromeHit(si, 0, len(seg.segments[si].text), "related-article title"))
                    covered.add(si)
    hits.sort(key=lambda h: (h.segment, h.start))
    return hits


def _extend(text: str, m: re.Match[str]) -> int:
    """Chrome phrases usually run to the end of their line (URL, article title after
    "Lees ook:"); extend to the end of the sentence-like unit."""
    kind_end = m.end()
    if re.match(r"(?:Bron|Source|Nguồn|Via|Lees|Read|Xem|Đọc|Meer|Bekijk|Zie|Tags?|Trefwoorden)", m.group(0), re.I):
        nl = text.find("\n", kind_end)
        return len(text) if nl < 0 else nl
    return kind_end


def is_whole_chrome(seg: Segment, hits: list[ChromeHit]) -> bool:
    """True when chrome covers (almost) all the letters of the segment."""
    letters = [i for i, ch in enumerate(seg.text) if ch.isalnum()]
    if not letters:
        return False
    spans = [(h.start, h.end) for h in hits if h.segment == seg.index]
    inside = sum(1 for i in letters if any(a <= i < b for a, b in spans))
    return inside >= 0.8 * len(letters)


# A navigation or share button pasted onto the sentence after it, with only a space between
# ("Zoeken Onafhankelijke scholen streven ernaar ...", "Delen De regering wil ..."): the
# label keeps its capital and so does the sentence it was glued to. Most of these labels
# are verbs too, and a sentence may open with one ("Zoeken naar overlevenden duurde ...",
# "Delen we de kosten?"), but a verb is followed by its object or subject, not by a
# capitalised word that opens a sentence of its own. Case-sensitive on purpose: a label
# is written with its capital.
_GLUED_LABEL = re.compile(
    r"^(?P<label>" + SITE_NAV + "|" + SHARE_BUTTONS + r")\s+(?P<next>[A-ZÀ-ÞĐ][^\W\d_]*)\s+(?P<third>[^\W\d_]+)")
_SENTENCE_OPENERS = FUNCTION_WORDS["nl"] | FUNCTION_WORDS["en"]


def glued_label(text: str, source: str | None) -> tuple[int, int] | None:
    """The span of a navigation/share label glued before the sentence that opens ``text``
    (a segment), or None.

    The word after the label must open a sentence: a function word ("De", "Het", "The":
    never a name), or, when the source is known, a capitalised word the source does not
    hold (a name, "Home Office", "Search Engine Land", is carried into the source as
    it is). The word after that is lowercase (a heading in title case, "Search Results
    Page", is left alone), and the source holds no copy of the label itself (a source
    that says "Menu" or "Search" there is rendered, not pasted chrome)."""
    m = _GLUED_LABEL.match(text)
    if m is None or not m.group("third")[:1].islower():
        return None
    label, nxt = m.group("label"), m.group("next")
    if source is not None:
        low = source.lower()
        if re.search(r"\b" + re.escape(label.lower()) + r"\b", low):
            return None
        if nxt.lower() not in _SENTENCE_OPENERS and re.search(r"\b" + re.escape(nxt.lower()) + r"\b", low):
            return None
    elif nxt.lower() not in _SENTENCE_OPENERS:
        return None
    return m.start("label"), m.end("label")
