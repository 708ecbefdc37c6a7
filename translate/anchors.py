"""Tokens that survive translation: numbers, codes, dates, names (diacritics folded).

Shared by the aligner (as a cost feature) and the checks (number/name mismatch).
Vietnamese and Dutch both write 6.280 for six thousand two hundred eighty and 96,3
for ninety-six point three; English writes 6,280 and 96.3. ``number_values`` reads a
number in the conventions of the language it came from and returns a canonical
string, so 96,3% (vi/nl) and 96.3% (en) compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

# codes like 16-DU/TU, 21-NQ/TW, 01/CT/TU, 26-CTr/TU: digits and letters joined by - or /
CODE_RE = re.compile(r"\b\d+(?:[-/][A-Za-zĐđ]+)+(?:/[A-Za-zĐđ]+)*\b|\b[A-Z]{2,}[-/]\d+[\w/-]*")
DATE_RE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
NUMBER_RE = re.compile(r"(?<![\w])(\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(\s?%)?")
_DIGIT = re.compile(r"\d")
WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)

COMMA_DECIMAL = {"vi", "nl", "de", "fr", "es", "it", "pt", "id", "ru", "pl", "tr", "da", "sv", "nb", "fi"}


def fold(text: str) -> str:
    """Lowercase and strip diacritics: "Lý Thị Xiến" -> "ly thi xien"; đ -> d."""
    text = text.replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _canonical_number(raw: str, lang: str) -> str:
    s = raw.replace(" ", "").replace("\u00a0", "")
    comma_decimal = lang in COMMA_DECIMAL or not lang
    if "." in s and "," in s:
        # both separators: the last one is the decimal mark
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        thou = "." if dec == "," else ","
        s = s.replace(thou, "").replace(dec, ".")
    elif "," in s or "." in s:
        sep = "," if "," in s else "."
        parts = s.split(sep)
        grouped = len(parts) > 2 or (len(parts) == 2 and len(parts[1]) == 3 and len(parts[0]) <= 3)
        if len(parts) > 2:
            s = s.replace(sep, "")
        elif grouped and ((sep == "." and comma_decimal) or (sep == "," and not comma_decimal)):
            s = s.replace(sep, "")  # 6.280 (vi/nl) or 6,280 (en): thousands
        else:
            s = s.replace(sep, ".")  # 96,3 or 96.3: decimal
    try:
        value = float(s)
    except ValueError:
        return raw
    if abs(value) >= 1e15:
        return s
    if value == int(value):
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def number_values(text: str, lang: str = "") -> Counter[str]:
    """Canonical numbers (with % kept) found in text, dates and codes excluded."""
    masked = CODE_RE.sub(" ", DATE_RE.sub(" ", text))
    out: Counter[str] = Counter()
    for m in NUMBER_RE.finditer(masked):
        value = _canonical_number(m.group(1), lang)
        out[value + ("%" if m.group(2) else "")] += 1
    return out


def dates(text: str) -> Counter[str]:
    return Counter(f"{int(d)}/{int(m)}/{y}" for d, m, y in DATE_RE.findall(text))


def codes(text: str) -> Counter[str]:
    return Counter(fold(c) for c in CODE_RE.findall(text))


_OPENS_SENTENCE = frozenset(".!?:\"“>*(")


_NAME_STRIP = "\"'“”‘’«»()[]{}<>*.,;:!?…—–-/"


def names(text: str) -> Counter[str]:
    """Folded capitalized words that do not open the sentence (a crude name detector).

    Works on whitespace tokens stripped of punctuation (faster than a word regex,
    this runs for every sentence of long documents); a token is skipped when it is
    the first, follows a sentence opener (. ! ? : quote > * bullet, opening
    bracket) or holds digits (codes such as 16-DU/TU are anchors of their own)."""
    out: Counter[str] = Counter()
    prev_end = ""
    for k, tok in enumerate(text.split()):
        core = tok.strip(_NAME_STRIP)
        if (
            k
            and len(core) >= 2
            and core[0].isupper()
            and prev_end not in _OPENS_SENTENCE
            and tok[0] not in _OPENS_SENTENCE
            and core.replace("-", "").replace("'", "").replace("’", "").isalpha()
        ):
            out[fold(core)] += 1
        prev_end = tok[-1]
    return out


@lru_cache(maxsize=65536)
def anchor_set(text: str, lang: str = "") -> frozenset[str]:
    """All anchors of a text as one set of tagged strings (for alignment)."""
    items = {"w:" + k for k in names(text)}
    if _DIGIT.search(text):  # numbers, dates and codes all hold a digit
        items |= {"n:" + k for k in number_values(text, lang)}
        items |= {"d:" + k for k in dates(text)}
        items |= {"c:" + k for k in codes(text)}
    return frozenset(items)
