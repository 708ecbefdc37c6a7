"""translate: machine-translation review and alignment toolkit.

Stages (one module each): read -> segment -> translate -> align -> score -> flag -> report.
``translate.pipeline.review`` runs them in order; ``translate.cli`` is the command line.

The public API is the names in ``__all__``::

    from translate import review, ReviewOptions, ReviewResult, TranslateError
    result = review("vi.txt", "nl.txt", ReviewOptions(model=None))

They are loaded on first use (module ``__getattr__``), so ``import translate`` stays
cheap and never loads torch, transformers or CTranslate2; the modules that do are
loaded only when a model is used.

``align`` and ``flag`` are stage *modules* (``translate.align``, ``translate.flag``), so
their functions are not re-exported under the same names: a package attribute
``align`` bound to the function would shadow the submodule for ``import translate.align
as A`` and ``monkeypatch.setattr("translate.align....")``. Call them as
``from translate.align import align`` and ``from translate.flag import flag``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# public name -> module that defines it (relative to this package)
_EXPORTS: dict[str, str] = {
    # run a review
    "review": ".pipeline",
    "review_tm": ".pipeline",
    "ReviewOptions": ".pipeline",
    "AlignOptions": ".align",
    "FlagConfig": ".config",
    # the stages one by one
    "read_document": ".read",
    "segment_document": ".segment",
    "load_backend": ".mt_registry",
    "Backend": ".mt_base",
    "DecodeOptions": ".mt_base",
    # outputs
    "to_dict": ".report",
    "write_json": ".report",
    "Outputs": ".writers",
    "write_outputs": ".writers",
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

__all__ = ["__version__", *_EXPORTS]


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
    from .align import AlignOptions
    from .config import FlagConfig
    from .data import (Alignment, DocScores, Document, Evidence, Flag, Link, PairScore, Paragraph, ReviewResult,
                       Segment, Segmentation, Severity, Translation)
    from .errors import (ConfigError, DataError, InputError, ModelError, ModelUnavailable, OutputError,
                         TranslateError)
    from .writers import Outputs, write_outputs
    from .pipeline import ReviewOptions, review, review_tm
    from .read import read_document
    from .report import to_dict, write_json
    from .segment import segment_document
    from .mt_base import Backend, DecodeOptions
    from .mt_registry import load_backend
