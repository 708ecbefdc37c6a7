"""The checks of the flag stage, one small class each (see ``base.Check``).

Entry point for the pipeline is :func:`translate.checks.flag.flag`; this package holds
the checks themselves, grouped by what they need:

* ``text``  - the rendering alone (runs in target-only review too);
* ``chrome``- page chrome detection used by ``text.ChromeCheck``;
* ``pair``  - source and rendering;
* ``meaning``- meaning errors (negation, truncation), model-free or helped by a re-translation;
* ``clauses``- a dropped clause (two independent signs: short, and a part of the source with no trace);
* ``mt``    - a re-translation (model or ``--against``) or token scores.
"""

from .base import Check, Context, Finding, ScoredWord, TokenScores
from .meaning import NegationCheck, TruncationCheck
from .clauses import ClauseDropCheck
from .mt import ChrfCheck, ImplausibleWordsCheck, ShortAgainstRetranslationCheck, UnsupportedSpanCheck
from .names import NameChangeCheck
from .pair import AdditionCheck, CopyCheck, LengthRatioCheck, NameCheck, NumberCheck, OmissionCheck, SentenceShapeCheck
from .source import SourceUntranslatedCheck
from .text import BracketCheck, ByteTokenCheck, ChromeCheck, EmptyCheck, LanguageCheck, RepetitionCheck

ALL_CHECKS: tuple[type[Check], ...] = (
    OmissionCheck,
    AdditionCheck,
    NumberCheck,
    NameCheck,
    NameChangeCheck,
    NegationCheck,
    TruncationCheck,
    ClauseDropCheck,
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
    "AdditionCheck", "BracketCheck", "ByteTokenCheck", "ChromeCheck", "ChrfCheck", "ClauseDropCheck", "CopyCheck", "EmptyCheck",
    "ImplausibleWordsCheck", "LanguageCheck", "LengthRatioCheck", "NameChangeCheck", "NameCheck", "NegationCheck", "NumberCheck",
    "OmissionCheck", "RepetitionCheck", "SentenceShapeCheck", "ShortAgainstRetranslationCheck", "SourceUntranslatedCheck",
    "TruncationCheck", "UnsupportedSpanCheck",
]
