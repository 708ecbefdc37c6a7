"""The one error tree of `translate`.

Every error the tool raises on purpose derives from :class:`TranslateError`.
Each carries a one-line ``message`` (what is wrong) and a ``hint`` (how to fix it);
the CLI prints ``error: <message> (<hint>)`` and exits with ``exit_code`` — never a
traceback.  Anything that is *not* a TranslateError is a bug.

    TranslateError                 exit 2
    ├── InputError                 a file the user gave cannot be read or understood
    ├── ConfigError                a bad option, config file or threshold
    ├── OutputError                an output path cannot be written
    ├── ModelError                 a model cannot be loaded or run
    │   └── ModelUnavailable       no local copy and no network (review goes on model-free)
    └── DataError                  inconsistent data between stages (e.g. line counts differ)
"""

from __future__ import annotations


class TranslateError(Exception):
    """Base class: a user-facing error with a one-line message and a hint."""

    exit_code: int = 2

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        text = self.message.rstrip(".")
        if self.hint:
            text += f" ({self.hint})"
        return " ".join(text.split())


class InputError(TranslateError):
    """An input file is missing, unreadable, binary, empty or otherwise unusable."""


class ConfigError(TranslateError):
    """An option, config file or threshold is invalid."""


class OutputError(TranslateError):
    """An output file or folder cannot be written."""


class ModelError(TranslateError):
    """A translation model exists but cannot be loaded or run."""


class ModelUnavailable(ModelError):
    """No local copy of the model and the hub cannot be reached (or HF_HUB_OFFLINE is set)."""


class DataError(TranslateError):
    """Data handed between stages or files is inconsistent."""
