"""Stage 3 — translate: re-translate the source segments with a backend.

A :class:`Backend` turns a list of sentences into a list of translations and has a
``signature`` naming everything that determines its output (model, route,
decoding). ``load_backend`` builds one from a spec:

* ``Helsinki-NLP/opus-mt-vi-en`` or a local directory: a MarianMT model;
* ``A+B`` (e.g. ``Helsinki-NLP/opus-mt-vi-en+Helsinki-NLP/opus-mt-en-nl``): a pivot chain;
* ``>>nld<<`` prefixes are added for multilingual models via ``target_token``.

Models are loaded from a local directory, or from the Hugging Face cache
(``HF_HOME``); the hub is only contacted when ``HF_HUB_OFFLINE`` is unset and the
model is not cached. When neither works, :class:`ModelUnavailable` says so in one
line, and the pipeline goes on without re-translation.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path

from .data import Segmentation, Translation
from .errors import ModelError, ModelUnavailable

DEFAULT_ROUTE = "Helsinki-NLP/opus-mt-vi-en+Helsinki-NLP/opus-mt-en-nl"


class Backend(ABC):
    """Translates batches of sentences."""

    name: str = "backend"

    @abstractmethod
    def signature(self) -> str:
        """A string naming everything that determines the output."""

    @abstractmethod
    def translate(self, sentences: Sequence[str]) -> list[str]:
        """Translate sentences; output has the same length and order."""


class MarianBackend(Backend):
    """A MarianMT (OPUS-MT) model on transformers."""

    name = "transformers"

    def __init__(
        self,
        model: str,
        *,
        target_token: str | None = None,
        beam: int = 1,
        max_length: int = 256,
        batch_size: int = 16,
        device: str | None = None,
        revision: str | None = None,
    ) -> None:
        self.model_name = model
        self.target_token = target_token
        self.beam = beam
        self.max_length = max_length
        self.batch_size = batch_size
        self.revision = revision
        self._tokenizer, self._model = load_marian(model, revision=revision)
        import torch

        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self._model.to(self.device)
        self._model.eval()

    def signature(self) -> str:
        tok = f"|tgt:{self.target_token}" if self.target_token else ""
        rev = f"@{self.revision}" if self.revision else ""
        return f"marian:{self.model_name}{rev}{tok}|beam:{self.beam}|maxlen:{self.max_length}"

    def translate(self, sentences: Sequence[str]) -> list[str]:
        import torch

        texts = [self._prefix(s) for s in sentences]
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        out: list[str] = [""] * len(texts)
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            batch = [texts[k] for k in idx]
            enc = self._tokenizer(batch, return_tensors="pt", padding=True, truncation=True, max_length=512)
            enc = {k: v.to(self.device) for k, v in enc.items()}
            with torch.inference_mode():
                gen = self._model.generate(**enc, num_beams=self.beam, max_length=self.max_length)
            decoded = self._tokenizer.batch_decode(gen, skip_special_tokens=True)
            for k, text in zip(idx, decoded):
                out[k] = text.strip()
        return out

    def _prefix(self, sentence: str) -> str:
        if self.target_token and not sentence.startswith(">>"):
            return f"{self.target_token} {sentence}"
        return sentence


class PivotBackend(Backend):
    """Chain of backends: the output of one is the input of the next (vi->en->nl)."""

    name = "pivot"

    def __init__(self, backends: Sequence[Backend]) -> None:
        if not backends:
            raise ModelError("empty pivot chain", "give at least one model")
        self.backends = list(backends)

    def signature(self) -> str:
        return " -> ".join(b.signature() for b in self.backends)

    def translate(self, sentences: Sequence[str]) -> list[str]:
        texts = list(sentences)
        for b in self.backends:
            texts = b.translate(texts)
        return texts


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def load_marian(model: str, revision: str | None = None):
    """Load tokenizer and model from a local directory or the HF cache/hub."""
    try:
        from transformers import MarianMTModel, MarianTokenizer
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise ModelError(f"transformers is not installed ({exc})", "pip install transformers sentencepiece") from None
    path = Path(model).expanduser()
    local = path.exists()
    if local and not (path / "config.json").exists():
        raise ModelError(
            f"{model}: not a model folder (no config.json)",
            "give a folder saved with save_pretrained, or a hub name such as Helsinki-NLP/opus-mt-vi-en",
        )
    if not local and (model.startswith((".", "/", "~")) or os.sep in model.strip("/").replace("/", "", 1)):
        raise ModelUnavailable(f"{model}: no such model folder", "check the path")
    # Review never downloads: hub names are read from the local cache (HF_HOME) only;
    # `translate models pull` is the one command that uses the network.
    kwargs: dict = {} if local else {"local_files_only": True}
    if revision and not local:
        kwargs["revision"] = revision
    if not local and not _cached(model, revision):
        raise ModelUnavailable(
            f"model {model} is not in the local cache ({_cache_dir()})",
            f"run `translate models pull {model}` on a machine with network, or pass --model with a local folder",
        )
    try:
        tokenizer = MarianTokenizer.from_pretrained(str(path) if local else model, **kwargs)
        net = MarianMTModel.from_pretrained(str(path) if local else model, **kwargs)
    except OSError as exc:
        if local:
            raise ModelError(f"{model}: cannot load the model ({_short(exc)})", "re-save or re-download it") from None
        how = (
            f"run `translate models pull {model}` on a machine with network, "
            "or pass --model with a local folder"
        )
        why = "HF_HUB_OFFLINE is set and it is not cached" if _offline() else "not cached and the hub cannot be reached"
        raise ModelUnavailable(f"model {model}: {why}", how) from None
    except Exception as exc:  # corrupted weights, wrong architecture, ...
        raise ModelError(f"{model}: cannot load the model ({_short(exc)})", "check that it is a MarianMT model") from None
    return tokenizer, net


def _cache_dir() -> str:
    from huggingface_hub import constants

    return str(constants.HF_HUB_CACHE)


def _cached(model: str, revision: str | None = None) -> bool:
    """True when config and weights of a hub model are in the local cache (no network)."""
    from huggingface_hub import try_to_load_from_cache

    def has(name: str) -> bool:
        hit = try_to_load_from_cache(model, name, revision=revision)
        return isinstance(hit, str)

    return has("config.json") and (has("model.safetensors") or has("pytorch_model.bin"))


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] + ("..." if len(text) > 200 else "")


def load_backend(spec: str, **options) -> Backend:
    """Build a backend from a spec: a model, or models joined by '+' for a pivot."""
    parts = [p.strip() for p in spec.split("+") if p.strip()]
    if not parts:
        raise ModelError("no model given", "pass --model NAME_OR_FOLDER")
    backends = [MarianBackend(p, **options) for p in parts]
    return backends[0] if len(backends) == 1 else PivotBackend(backends)


def translate_segments(source: Segmentation, backend: Backend) -> Translation:
    """Translate every source segment; identical segments are translated once."""
    texts = [s.text for s in source.segments]
    unique = list(dict.fromkeys(texts))
    translated = dict(zip(unique, backend.translate(unique))) if unique else {}
    return Translation(
        texts=[translated[t] for t in texts],
        groups=list(range(len(texts))),
        system=backend.signature(),
        kind="model",
    )


def against_translation(source: Segmentation, against: Segmentation, name: str, options=None) -> Translation:
    """Use a given translation of the source (another system, a human reference).

    When it has one line per source segment it is taken line by line; otherwise it is
    segmented and aligned to the source (model-free) and each link becomes a group:
    the source segments of a link share its text. Extra sentences of the given
    translation (0:1) are kept, appended to the group before them.
    """
    from .align import align  # local import: align is a later stage

    if len(against.segments) == len(source.segments):
        return Translation(
            texts=[s.text for s in against.segments],
            groups=list(range(len(source.segments))),
            system=f"against:{name}",
            kind="against",
        )
    alignment = align(source, against, None, options)
    texts: list[str] = []
    groups = [-1] * len(source.segments)
    for link in alignment.links:
        text = " ".join(against.segments[k].text for k in link.tgt)
        if link.src:
            texts.append(text)
            for i in link.src:
                groups[i] = len(texts) - 1
        elif texts:
            texts[-1] = f"{texts[-1]} {text}".strip()
        else:
            texts.append(text)
    for i, g in enumerate(groups):  # defensive: every source segment gets a group
        if g < 0:
            texts.append("")
            groups[i] = len(texts) - 1
    return Translation(texts=texts, groups=groups, system=f"against:{name}", kind="against")
