"""The flag stage's fast paths give what the plain computations give.

Each fast path (a translate table for folding, a prefilter before a regex, a
candidate list before a scan) must be exact: these tests hold each one against
the straightforward version it replaced.
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from difflib import SequenceMatcher

import pytest

from translate.text import anchors
from translate.checks import chrome, text
from translate.checks.pair import quick_ratio


def _fold_reference(s: str) -> str:
    s = s.replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).lower()


SAMPLES = [
    "Lý Thị Xiến", "Đặng Văn Anh", "ĐÀ NẴNG", "Ð", "Macedonië", "ΟΔΥΣΣΕΥΣ Σ", "İstanbul ıi", "ſ K Å ﬁ ß",
    "Nguyễn Thị Minh Khai 16-DU/TU", "a\u0301\u0323b", "한국어 日本語", "x" * 3, "",
]


def test_fold_matches_nfd_reference():
    rng = random.Random(1)
    # every character of the Basic Multilingual Plane once, in runs, plus random mixes
    bmp = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    texts = SAMPLES + ["".join(bmp[i : i + 64]) for i in range(0, len(bmp), 64)]
    texts += ["".join(rng.choice(bmp[:0x2000]) for _ in range(30)) for _ in range(300)]
    for t in texts:
        assert anchors.fold(t) == _fold_reference(t), t
        assert anchors.folded_compact(t) == "".join(ch for ch in _fold_reference(t) if ch.isalnum()), t


def test_non_alnum_regex_is_isalnum():
    rx = re.compile(r"[^\W_]")
    assert all(bool(rx.fullmatch(chr(c))) == chr(c).isalnum() for c in range(0x30000) if not 0xD800 <= c <= 0xDFFF)


def _dutch_reference(word: str):
    w = word.lower().replace("ë", "e")
    once = anchors._NL_SUFFIX.sub("", w)
    for cand in (w, once, anchors._NL_SUFFIX.sub("", once)):
        if not cand:
            continue
        if cand in anchors._NL_UNITS:
            return anchors._NL_UNITS[cand] if cand != w else None
        if cand in anchors._NL_TEENS:
            return anchors._NL_TEENS[cand]
        if cand in anchors._NL_TENS:
            return anchors._NL_TENS[cand]
        m = re.fullmatch(r"(een|twee|drie|vier|vijf|zes|zeven|acht|negen)en(twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)", cand)
        if m:
            return anchors._NL_UNITS[m.group(1)] + anchors._NL_TENS[m.group(2)]
        if cand.endswith("honderd") and cand[:-7] in anchors._NL_UNITS:
            return 100 * anchors._NL_UNITS[cand[:-7]]
    return None


def test_dutch_number_word_prefilter_is_exact():
    stems = list(anchors._NL_STEMS)
    suffixes = ["", "de", "ste", "e", "tal", "tallen", "jarige", "-jarigen", "-eeuws", "honderd", "en", "entwintig", "x"]
    words = [a + b for a in stems + ["Een", "ÉÉN", "vierentwintig", "tweeëndertig", "hond", "de", "vijver", "Zesde"] for b in suffixes]
    words += "het een de vijftal achtentachtig negentiende-eeuws drieduizend elfde tienjarig Tien".split()
    for w in words:
        assert anchors.dutch_number_word(w) == _dutch_reference(w), w


def test_quick_ratio_equals_difflib():
    rng = random.Random(2)
    alphabet = "abcdeé  ,."
    for _ in range(500):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert quick_ratio(a, b) == SequenceMatcher(None, a, b, autojunk=False).quick_ratio()


def test_case_odd_characters_are_all_listed():
    """Only these non-ASCII characters match ASCII case-insensitively or lowercase to ASCII."""
    anyascii = re.compile(r"[\x00-\x7f]", re.I)
    odd = {chr(c) for c in range(0x80, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF
           and (anyascii.fullmatch(chr(c)) or any(x < "\x80" for x in chr(c).lower()))}
    assert odd == set("\u0130\u0131\u017f\u212a")
    assert all(chrome._CASE_ODD.fullmatch(c) for c in odd)


# One text per alternative of every ANYWHERE pattern that has needs.
CHROME_TEXTS = [
    "Reactie (12)", "Reacties (0)", "Comments ( 3 )", "Bình luận (5)", "Reageer(1)", "Reageren (2)", "Ý kiến (4)",
    "Bron: https://x.vn/a", "Source : www.site.nl", "Nguồn: http://a.b", "Via: www.x",
    "Delen: Facebook", "Delen op Twitter", "Deel dit artikel op WhatsApp", "Deel via Zalo", "Share this story on X",
    "Share: LinkedIn", "Chia sẻ bài viết qua Facebook", "Chia sẻ lên Zalo",
    "Deel dit bericht", "Share this article", "Chia sẻ bài viết",
    "Lees ook: iets", "Lees meer »", "Lees verder ...", "Read more >>", "Read also:", "Xem thêm:", "Đọc thêm…",
    "Meer lezen:", "Meer nieuws ›", "Bekijk ook:", "Zie ook:",
    "Het nieuws. Lees meer", "Read more", "Xem thêm", "Đọc thêm",
    "Gerelateerde artikelen", "Gerelateerde berichten", "Gerelateerde nieuws", "Gerelateerd nieuws", "Related articles",
    "Related stories", "Related news", "Tin liên quan", "Bài liên quan", "In hetzelfde onderwerp", "In dezelfde categorie",
    "Van dezelfde auteur", "Cùng chuyên mục", "Cùng chủ đề", "Cùng tác giả", "Meest gelezen", "Most read", "Laatste nieuws",
    "Latest news", "Tin mới nhất", "Đọc nhiều nhất",
    "No data", "No video available", "No videos available", "No comments yet", "Geen gegevens", "Geen video's beschikbaar",
    "Geen videos beschikbaar", "Nog geen reacties", "Không có dữ liệu", "Chưa có bình luận",
    "Alle rechten voorbehouden", "All rights reserved", "Bản quyền thuộc về", "Terug naar boven", "Back to top",
    "Volg ons op", "Follow us on", "Abonneer je op", "Abonneer u op", "Meld je aan voor onze nieuwsbrief",
    "Subscribe to our newsletter", "Accepteer alle cookies", "Accepteer cookies", "Accept all cookies", "Accept cookies",
    "Cookieinstellingen", "Cookiebeleid", "Cookie settings",
    "Tags: a", "Trefwoorden: b", "Từ khóa: c", "Keywords: d", "Einde. Tags: x",
    "Việt NamViệt Nam14/02/2025",
]


@pytest.mark.parametrize("case", [str, str.upper, str.lower, str.title])
def test_chrome_needs_cover_every_alternative(case):
    matched = set()
    for t in map(case, CHROME_TEXTS):
        low = t.lower()
        for i, ((kind, rx), needs) in enumerate(zip(chrome.ANYWHERE, chrome._NEEDS_RE)):
            if rx.search(t):
                matched.add(i)
                if needs is not None:
                    assert needs.search(low) and chrome._ANY_NEED.search(low), (kind, t)
    if case is str:  # every pattern with needs is exercised
        assert {i for i, n in enumerate(chrome.ANYWHERE_NEEDS) if n} <= matched


def _repetitions_reference(s: str, repeat_word_min: int, far_n: int):
    """The scan the repetition check did before its candidate list (every position)."""
    toks = list(text._TOKEN.finditer(s))
    low = [t.group(0).lower() for t in toks]
    n_tok = len(low)
    used = [False] * n_tok
    out = []
    for n in range(8, 0, -1):
        i = 0
        while i + 2 * n <= n_tok:
            if any(used[i : i + 2 * n]) or low[i : i + n] != low[i + n : i + 2 * n]:
                i += 1
                continue
            reps = 2
            while i + (reps + 1) * n <= n_tok and low[i + reps * n : i + (reps + 1) * n] == low[i : i + n]:
                reps += 1
            if n == 1 and not low[i].isalpha():
                i += 1
                continue
            gaps = [s[toks[i + r * n - 1].end() : toks[i + r * n].start()] for r in range(1, reps)]
            comma = n == 2 and reps == 2 and gaps[0].strip() == "," and low[i] != low[i + 1]  # kept for the source to decide
            if any(g.strip() for g in gaps) and reps < 4 and n <= 2 and not comma:
                i += 1
                continue
            if n == 1 and toks[i].group(0)[:1].isupper() and toks[i + 1].group(0)[:1].isupper() and reps < 3:
                i += 1
                continue
            out.append(("tandem", n, reps, toks[i].start(), toks[i + reps * n - 1].end()))
            for j in range(i, i + reps * n):
                used[j] = True
            i += reps * n
    seen: dict = {}
    i = 0
    while i + far_n <= n_tok:
        gram = tuple(low[i : i + far_n])
        if gram in seen and seen[gram] + far_n <= i and not any(used[i : i + far_n]):
            j = seen[gram]
            end = i + far_n
            while end < n_tok and j + (end - i) < i and low[end] == low[j + (end - i)]:
                end += 1
            out.append(("far", end - i, 2, toks[i].start(), toks[end - 1].end()))
            for x in range(i, end):
                used[x] = True
            i = end
            continue
        seen.setdefault(gram, i)
        i += 1
    return out


def test_repetition_candidates_find_what_every_position_finds():
    rng = random.Random(3)
    vocab = ["de", "De", "het", "huis", "10", "Roa", "is", "groot", ",", "en", "x"]
    for _ in range(1000):
        words = [rng.choice(vocab[: rng.randint(2, len(vocab))]) for _ in range(rng.randint(0, 30))]
        s = " ".join(words).replace(" ,", ",")
        for far_n in (2, 3, 5):
            got = []
            for score, _msg, spans, data in text._repetitions(s, 3, far_n):
                d = dict(data)
                if d.get("n") == 0:
                    continue  # character loops: the same regex as before
                kind = "far" if d.get("far") else "tandem"
                a, b = spans[-1][0], spans[-1][1]
                got.append((kind, d["n"], d["reps"], a if kind == "far" else spans[0][0], b))
            assert got == _repetitions_reference(s, 3, far_n), (s, far_n)
