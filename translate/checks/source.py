"""Checks of the source text itself (not of the rendering)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..data import Severity
from ..text.langid import function_word_votes
from .base import Check, Context, Finding, clip

# letters with Vietnamese diacritics (and đ): a Vietnamese sentence of four or more
# words practically always has some; an English one never does
_VI_MARKED = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)


def source_in_english(text: str) -> float | None:
    """Share of English function words when a Vietnamese source passage is English
    text left untranslated, else None: no Vietnamese diacritic, at least five words
    and three English-only function words (names, codes and UI labels stay out)."""
    words = text.split()
    if len(words) < 5 or _VI_MARKED.search(text):
        return None
    en = function_word_votes(text).get("en", 0)
    if en < 3:
        return None
    return en / len(words)


class SourceUntranslatedCheck(Check):
    """An English passage inside the Vietnamese source: the rendering translated it
    (or left it out), but the translator should know that the source itself was not
    Vietnamese there. Information, not an error of the rendering."""

    code = "source-untranslated"
    severity = Severity.INFO
    needs_source = True
    description = "The source itself has text left in English (untranslated in the source)."

    def measure(self, ctx: Context) -> Iterator[Finding]:
        if ctx.config.src_lang != "vi":
            return
        for k, link in enumerate(ctx.alignment.links):
            if not link.src:
                continue
            text = ctx.src_text(k)
            share = source_in_english(text)
            if share is not None:
                yield Finding(k, share, f"the source is in English here, not Vietnamese (left untranslated in the "
                                        f"source): \u201c{clip(text, 60)}\u201d", ctx.src_evidence(k, "English in the source"))
