"""Machine translation, the base: the Backend protocol, DecodeOptions, pivot chains, counters.

A :class:`Backend` turns a list of sentences into a list of translations and has a
``signature`` naming everything that determines its output (engine, model and revision,
route, decoding). Backends that run a model also offer forced decoding: they set
``can_score = True`` and implement :meth:`Backend.score_tokens` (see :mod:`translate.mt.forced`);
every caller asks ``backend.can_score``, never probes for the method.

Engines are found by name in :mod:`translate.mt.registry`; the Marian driver they share is
:mod:`translate.mt.batching`; :mod:`translate.mt.stage` is the translate stage itself.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, fields

from ..errors import ConfigError, ModelError
from .forced import TokenScores


@dataclass(frozen=True)
class DecodeOptions:
    """Decoding settings shared by every engine (all part of the signature)."""

    beam: int = 1
    max_length: int = 256
    """Hard cap on output tokens (``</s>`` excluded)."""
    max_ratio: float = 2.5
    """Output cap relative to the input: at most ``max_ratio * source_tokens + 10`` tokens."""
    batch_tokens: int = 2048
    """Token budget of one batch: sentences x longest source (padding included) x beam."""
    max_batch_sentences: int = 64
    max_input_tokens: int = 200
    """Longer sources are split at clause boundaries and translated piece by piece."""
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0
    retry_loops: bool = True
    """Decode again, with n-gram blocking, outputs caught in a repetition loop."""
    force_length: bool = False
    """Benchmarks only: every output is exactly its length cap (min length = max length)."""

    def __post_init__(self) -> None:
        if self.beam < 1 or self.max_length < 1 or self.batch_tokens < 1 or self.max_input_tokens < 8:
            raise ConfigError(
                "decoding options out of range",
                "beam, --max-length and --batch-tokens must be >= 1, max_input_tokens >= 8",
            )

    def cap(self, source_tokens: int) -> int:
        return max(1, min(self.max_length, int(self.max_ratio * source_tokens) + 10))

    def tag(self) -> str:
        keep = ("beam", "max_length", "max_ratio", "max_input_tokens", "no_repeat_ngram_size",
                "repetition_penalty", "retry_loops", "force_length")
        return "|".join(f"{f}:{getattr(self, f)}" for f in keep)


def decode_options(*, beam: int = 1, max_length: int = 256, batch_tokens: int | None = None,
                   batch_size: int | None = None, **extra) -> DecodeOptions:
    """DecodeOptions from keyword arguments; a keyword that is no DecodeOptions field is an error."""
    known = {f.name for f in fields(DecodeOptions)}
    unknown = sorted(set(extra) - known)
    if unknown:
        raise ConfigError(f"unknown decoding option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}",
                          f"known: {', '.join(sorted(known))}")
    kw = {k: v for k, v in extra.items() if v is not None}
    kw.update(beam=beam, max_length=max_length)
    if batch_tokens:
        kw["batch_tokens"] = batch_tokens
    if batch_size:
        kw["max_batch_sentences"] = batch_size
    return DecodeOptions(**kw)


class Backend(ABC):
    """Translates batches of sentences.

    The contract: ``signature()`` names everything that determines the output (it keys the
    translation cache); ``translate(sentences)`` returns one translation per sentence, same
    order. A backend that runs a model sets ``can_score = True`` and implements
    ``score_tokens(sources, targets) -> list[TokenScores]`` (forced decoding: the
    log-probability of every word of each target given its source); the others (test
    doubles, ``--against``) keep the default, which raises. ``load()`` loads weights
    ahead of the first call (backends load lazily; the default does nothing).
    """

    name: str = "backend"
    can_score: bool = False
    """True when :meth:`score_tokens` works (forced decoding)."""

    @abstractmethod
    def signature(self) -> str:
        """A string naming everything that determines the output."""

    @abstractmethod
    def translate(self, sentences: Sequence[str]) -> list[str]:
        """Translate sentences; output has the same length and order."""

    def score_tokens(self, sources: Sequence[str], targets: Sequence[str]) -> list[TokenScores]:
        """Word log-probabilities of each target given its source (only when ``can_score``)."""
        raise ModelError(f"the backend {self.signature()} has no forced-decoding scores",
                         "use a model backend (transformers or ctranslate2)")

    def load(self) -> None:
        """Load weights now (the default: nothing to load)."""


class PivotBackend(Backend):
    """Chain of backends: the output of one is the input of the next (vi->en->nl)."""

    name = "pivot"

    def __init__(self, backends: Sequence[Backend]) -> None:
        if not backends:
            raise ModelError("empty pivot chain", "give at least one model")
        self.backends = list(backends)
        self.can_score = self.backends[-1].can_score  # the last model scores the rendering

    def signature(self) -> str:
        return " -> ".join(b.signature() for b in self.backends)

    def load(self) -> None:
        for b in self.backends:
            b.load()

    def translate(self, sentences: Sequence[str]) -> list[str]:
        texts = list(sentences)
        for b in self.backends:
            texts = b.translate(texts)
        return texts

    def score_tokens(self, sources: Sequence[str], targets: Sequence[str]) -> list[TokenScores]:
        """Translate the source through every model but the last, then score with the last."""
        texts = list(sources)
        for b in self.backends[:-1]:
            texts = b.translate(texts)
        return self.backends[-1].score_tokens(texts, targets)

def engine_stats(backend) -> dict[str, int]:
    """Counters summed over every model engine under ``backend`` (cache wrappers, chains).

    ``loads`` (weights loaded), ``generate_calls`` and ``score_calls`` (the model ran),
    and the cache wrappers' hits/misses. Backends without a model count nothing.
    """
    totals = dict.fromkeys(("loads", "generate_calls", "score_calls", "cache_hits", "cache_misses",
                            "score_cache_hits", "score_cache_misses"), 0)

    def walk(b) -> None:
        own = vars(b) if hasattr(b, "__dict__") else {}  # vars(): the cache wrapper forwards attributes
        if isinstance(b, PivotBackend):
            for member in b.backends:
                walk(member)
        elif "backend" in own and "cache" in own:
            totals["cache_hits"] += own.get("hits", 0)
            totals["cache_misses"] += own.get("misses", 0)
            totals["score_cache_hits"] += own.get("score_hits", 0)
            totals["score_cache_misses"] += own.get("score_misses", 0)
            walk(own["backend"])
        elif isinstance(own.get("stats"), dict):
            for key in ("loads", "generate_calls", "score_calls"):
                totals[key] += own["stats"].get(key, 0)

    if backend is not None:
        walk(backend)
    return totals
