"""translate: machine-translation review and alignment toolkit.

One package per stage: read -> text (segment) -> mt (translate) -> alignment -> score ->
checks (flag) -> report; ``translate.pipeline`` is the only module that knows the order and
``translate.cli`` is the command line (docs/architecture.md).

The public API is the names in ``__all__``::

    from translate import review, align, flag, ReviewOptions, ReviewResult, TranslateError
    result = review("vi.txt", "nl.txt", ReviewOptions(model=None))

They are loaded on first use (module ``__getattr__``), so ``import translate`` stays
cheap and never loads torch, transformers or CTranslate2; the modules that do are
loaded only when a model is used.

The stage packages are named for what they do (``translate.alignment``,
``translate.checks``), so the functions ``translate.align`` and ``translate.flag`` are
not shadowed by a subpackage of the same name.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING


# public name -> module that defines it (relative to this package)
_EXPORTS: dict[str, str] = {
    "__version__": ".version",
    # run a review
    "review": ".pipeline",
    "review_tm": ".pipeline",
    "review_files": ".pipeline",
    "align_files": ".pipeline",
    "ReviewOptions": ".pipeline",
    "align": ".alignment.aligner",
    "AlignOptions": ".alignment.aligner",
    "flag": ".checks.flag",
    "FlagConfig": ".checks.config",
    # the stages one by one
    "read_document": ".read.document",
    "segment_document": ".text.segment",
    "load_backend": ".mt.registry",
    "Backend": ".mt.base",
    "DecodeOptions": ".mt.base",
    # outputs
    "to_dict": ".report.core",
    "write_json": ".report.core",
    "Outputs": ".report.writers",
    "write_outputs": ".report.writers",
    # the typed records between the stages
    "Severity": ".data",
    "Document": ".data",
    "Segment": ".data",
    "Paragraph": ".data",
    "Segmentation": ".data",
    "Link": ".data",
    "Alignment": ".data",
    "Translation": ".data",
    "PairScore": ".data",
    "DocScores": ".data",
    "Evidence": ".data",
    "Flag": ".data",
    "ReviewResult": ".data",
    # the one error tree
    "TranslateError": ".errors",
    "InputError": ".errors",
    "ConfigError": ".errors",
    "OutputError": ".errors",
    "ModelError": ".errors",
    "ModelUnavailable": ".errors",
    "DataError": ".errors",
}

__all__ = [*_EXPORTS]


def __getattr__(name: str):
    """Load a public name from its module on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # for type checkers and IDEs only; at run time the names load lazily
    from .version import __version__
    from .alignment.aligner import AlignOptions, align
    from .checks.flag import flag
    from .checks.config import FlagConfig
    from .data import (Alignment, DocScores, Document, Evidence, Flag, Link, PairScore, Paragraph, ReviewResult,
                       Segment, Segmentation, Severity, Translation)
    from .errors import (ConfigError, DataError, InputError, ModelError, ModelUnavailable, OutputError,
                         TranslateError)
    from .report.writers import Outputs, write_outputs
    from .pipeline import ReviewOptions, align_files, review, review_files, review_tm
    from .read.document import read_document
    from .report.core import to_dict, write_json
    from .text.segment import segment_document
    from .mt.base import Backend, DecodeOptions
    from .mt.registry import load_backend
