"""The checks of the flag stage, one small class each (see ``base.Check``).

Entry point for the pipeline is :func:`translate.flag.flag`; this package holds
the checks themselves, grouped by what they need:

* ``text``  - the rendering alone (runs in target-only review too);
* ``chrome``- page chrome detection used by ``text.ChromeCheck``;
* ``pair``  - source and rendering;
* ``mt``    - a re-translation (model or ``--against``) or token scores.
"""

from .base import Check, Context, Finding, ScoredWord, TokenScores
from .mt import ChrfCheck, ImplausibleWordsCheck, ShortAgainstRetranslationCheck, UnsupportedSpanCheck
from .pair import AdditionCheck, CopyCheck, LengthRatioCheck, NameCheck, NegationCheck, NumberCheck, OmissionCheck, SentenceShapeCheck
from .source import SourceUntranslatedCheck
from .text import BracketCheck, ByteTokenCheck, ChromeCheck, EmptyCheck, LanguageCheck, RepetitionCheck

ALL_CHECKS: tuple[type[Check], ...] = (
    OmissionCheck,
    AdditionCheck,
    NumberCheck,
    NameCheck,
    NegationCheck,
    CopyCheck,
    LanguageCheck,
    ChromeCheck,
    LengthRatioCheck,
    SentenceShapeCheck,
    RepetitionCheck,
    ByteTokenCheck,
    EmptyCheck,
    BracketCheck,
    ChrfCheck,
    UnsupportedSpanCheck,
    ShortAgainstRetranslationCheck,
    ImplausibleWordsCheck,
    SourceUntranslatedCheck,
)

__all__ = [
    "ALL_CHECKS", "Check", "Context", "Finding", "ScoredWord", "TokenScores",
    "AdditionCheck", "BracketCheck", "ByteTokenCheck", "ChromeCheck", "ChrfCheck", "CopyCheck", "EmptyCheck",
    "ImplausibleWordsCheck", "LanguageCheck", "LengthRatioCheck", "NameCheck", "NegationCheck", "NumberCheck", "OmissionCheck",
    "RepetitionCheck", "SentenceShapeCheck", "ShortAgainstRetranslationCheck", "SourceUntranslatedCheck", "UnsupportedSpanCheck",
]
