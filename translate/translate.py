"""Stage 3 — translate: re-translate the source segments with a backend.

A :class:`Backend` turns a list of sentences into a list of translations, scores a
given rendering token by token (:meth:`Backend.score_tokens`, see
:mod:`translate.forced`), and has a ``signature`` naming everything that determines
its output (engine, model and revision, route, decoding). ``load_backend`` builds
one from a spec:

* ``Helsinki-NLP/opus-mt-vi-en`` or a local directory: a MarianMT model;
* ``A+B`` (e.g. ``Helsinki-NLP/opus-mt-vi-en+Helsinki-NLP/opus-mt-en-nl``): a pivot chain;
* ``>>nld<<`` prefixes are added for multilingual models via ``target_token``.

Engines (``engine=`` / ``--backend``): ``transformers`` (:class:`MarianBackend`, the
reference), ``ctranslate2`` (:class:`translate.engine_ct2.CT2Backend`, the fast path:
the transformers model is converted on first use into the cache folder, int8 on CPU,
float16 on CUDA) and ``auto`` (CTranslate2 when it is installed).

Both engines share one driver (:class:`_MarianEngine`): identical sentences are
translated once; over-long sentences are split at clause boundaries (Marian
truncates silently otherwise); pieces are sorted by length and cut into batches by
a token budget (``batch_tokens``, padding included), the original order restored;
the output length is capped relative to the input (``max_ratio``) and by
``max_length``; outputs caught in a repetition loop are decoded again with
``no_repeat_ngram_size=3`` and a repetition penalty (``retry_loops``).

A :class:`translate.cache.CachedBackend` wrapper (on by default) keeps every
translation in a SQLite cache keyed by signature and source text. The Marian engines
load lazily: construction and ``signature()`` read only files on disk (config,
vocabulary, the content fingerprint); weights are loaded (and a CTranslate2 conversion
made) on the first real translate/score call, i.e. the first cache miss.

Models are loaded from a local directory, or from the Hugging Face cache
(``HF_HOME``) only: review never downloads (``translate models pull`` does). When
neither works, :class:`ModelUnavailable` says so in one line, and the pipeline goes
on without re-translation.
"""

from __future__ import annotations

import hashlib
import os
import re
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .data import Segmentation, Translation
from .errors import ConfigError, ModelError, ModelUnavailable
from .forced import TokenScores, build_token_scores
from .progress import counted_bar

DEFAULT_ROUTE = "Helsinki-NLP/opus-mt-vi-en+Helsinki-NLP/opus-mt-en-nl"
ENGINES = ("auto", "transformers", "ctranslate2")


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


class Backend(ABC):
    """Translates batches of sentences.

    Backends that run a model also offer forced decoding,
    ``score_tokens(sources, targets) -> list[TokenScores]`` (see :mod:`translate.forced`):
    the Marian engines, a pivot chain whose last model can, and the cache wrapper of
    either. Callers test for it with ``getattr(backend, "score_tokens", None)``; backends
    without a model (test doubles, ``--against``) simply do not define it.
    """

    name: str = "backend"

    @abstractmethod
    def signature(self) -> str:
        """A string naming everything that determines the output."""

    @abstractmethod
    def translate(self, sentences: Sequence[str]) -> list[str]:
        """Translate sentences; output has the same length and order."""


def _progress(total: int, enabled: bool, label: str):
    """A rich progress bar on stderr, or None (disabled, short job, or not a terminal)."""
    return counted_bar(label, enabled, total)


_CLAUSE = re.compile(r"(?<=[,;:\u2013\u2014)])\s+")


def split_long(text: str, count: Callable[[str], int], limit: int) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` tokens, at clause boundaries first.

    Hand-written: sentence splitters stop at sentence ends, and a single sentence over
    Marian's limit (lists, legal text) must still be cut somewhere sensible.
    """
    if count(text) <= limit:
        return [text]
    clauses = [c for c in _CLAUSE.split(text) if c]
    if len(clauses) == 1:
        words = text.split()
        if len(words) <= 1:  # one enormous token: cut characters
            step = max(1, len(text) // 2)
            return split_long(text[:step], count, limit) + split_long(text[step:], count, limit)
        half = len(words) // 2
        return split_long(" ".join(words[:half]), count, limit) + split_long(" ".join(words[half:]), count, limit)
    pieces: list[str] = []
    current = ""
    for clause in clauses:
        candidate = f"{current} {clause}".strip()
        if current and count(candidate) > limit:
            pieces.extend(split_long(current, count, limit))
            current = clause
        else:
            current = candidate
    if current:
        pieces.extend(split_long(current, count, limit))
    return pieces


def looks_looped(ids: Sequence[int], min_repeats: int = 4) -> bool:
    """True when the output ends in (or contains) an n-gram repeated ``min_repeats`` times in a row."""
    n_ids = len(ids)
    for n in range(1, 5):
        need = n * min_repeats
        if n_ids < need:
            break
        for start in range(0, n_ids - need + 1):
            gram = ids[start : start + n]
            if all(ids[start + k * n : start + (k + 1) * n] == gram for k in range(1, min_repeats)):
                return True
    return False


class _MarianEngine(Backend):
    """Shared driver of the Marian engines: dedupe, split, batch by tokens, guards, scoring.

    Subclasses load a tokenizer and implement ``_generate`` and ``_score`` on lists of
    token ids.
    """

    engine = "marian"

    def __init__(self, model: str, *, target_token: str | None, options: DecodeOptions, progress: bool) -> None:
        self.model_name = model
        self.target_token = target_token
        self.options = options
        self.progress = progress
        self.stats = {"generate_calls": 0, "sentences": 0, "retried": 0, "split": 0, "loads": 0, "score_calls": 0}
        self._tokenizer = None
        self.fingerprint = ""
        self.loaded = False
        """True once the weights are loaded: only on the first real need (a cache miss)."""

    # -- lazy loading: constructing a backend and its signature read files, never weights
    def load(self) -> None:
        """Load tokenizer and weights now (done on first use; call it to time loading apart)."""
        if not self.loaded:
            self._load()
            self.loaded = True
            self.stats["loads"] += 1

    @abstractmethod
    def _load(self) -> None:
        """Load the tokenizer and the model; raise ModelError/ModelUnavailable/ConfigError."""

    # -- properties kept for callers of the foundation API
    @property
    def beam(self) -> int:
        return self.options.beam

    @property
    def max_length(self) -> int:
        return self.options.max_length

    def _sig_extra(self) -> str:
        return ""

    def signature(self) -> str:
        tok = f"|tgt:{self.target_token}" if self.target_token else ""
        rev = f"@{self.fingerprint}" if self.fingerprint else ""
        return f"{self.engine}:{self.model_name}{rev}{tok}{self._sig_extra()}|{self.options.tag()}"

    # -- tokenisation
    def _prefix(self, sentence: str) -> str:
        if self.target_token and not sentence.startswith(">>"):
            return f"{self.target_token} {sentence}"
        return sentence

    def _src_ids(self, text: str) -> list[int]:
        return list(self._tokenizer(self._prefix(text), truncation=False).input_ids)

    def _tgt_pieces_ids(self, text: str) -> tuple[list[str], list[int]]:
        tok = self._tokenizer
        ids = list(tok(text_target=text, truncation=False).input_ids)
        spm = getattr(tok, "spm_target", None)
        pieces = list(spm.encode(text, out_type=str)) if spm is not None else []
        if len(pieces) != len(ids) - 1:  # vocabulary split differently: use the vocabulary's pieces
            pieces = tok.convert_ids_to_tokens(ids[:-1])
        return pieces, ids

    def _decode(self, ids: Sequence[int]) -> str:
        return self._tokenizer.decode(list(ids), skip_special_tokens=True).strip()

    # -- engine hooks
    @abstractmethod
    def _generate(self, batch: list[list[int]], max_new: int, min_new: int, opts: DecodeOptions) -> list[list[int]]:
        """Greedy/beam decode a batch of source id lists; return output ids without specials."""

    @abstractmethod
    def _score(self, sources: list[list[int]], targets: list[list[int]]) -> list[list[float]]:
        """Log-prob of each target id (targets end with </s>) given the source ids."""

    # -- batching
    def _batches(self, lengths: list[int]) -> list[list[int]]:
        """Indices sorted by length, cut into batches under the token budget."""
        order = sorted(range(len(lengths)), key=lambda k: lengths[k])
        opts = self.options
        batches: list[list[int]] = []
        current: list[int] = []
        for k in order:
            longest = lengths[k]  # sorted: the newest is the longest
            if current and (
                (len(current) + 1) * longest * opts.beam > opts.batch_tokens
                or len(current) >= opts.max_batch_sentences
            ):
                batches.append(current)
                current = []
            current.append(k)
        if current:
            batches.append(current)
        return batches

    def translate(self, sentences: Sequence[str]) -> list[str]:
        sentences = list(sentences)
        unique = list(dict.fromkeys(sentences))
        opts = self.options
        if not any(t.strip() for t in unique):
            return ["" for _ in sentences]
        self.load()
        # split over-long sentences into pieces
        pieces: list[list[int]] = []
        owner: list[int] = []
        for u, text in enumerate(unique):
            if not text.strip():
                continue
            ids = self._src_ids(text)
            if len(ids) > opts.max_input_tokens:
                parts = split_long(text, lambda t: len(self._src_ids(t)), opts.max_input_tokens)
                self.stats["split"] += 1
                for part in parts:
                    pieces.append(self._src_ids(part))
                    owner.append(u)
            else:
                pieces.append(ids)
                owner.append(u)
        outputs: list[list[int]] = [[] for _ in pieces]
        lengths = [len(p) for p in pieces]
        bar = _progress(len(pieces), self.progress, f"translating ({self.engine})")
        task = bar.add_task("", total=len(pieces)) if bar else None
        if bar:
            bar.start()
        try:
            for batch in self._batches(lengths):
                longest = max(lengths[k] for k in batch)
                max_new = opts.cap(longest)
                if opts.force_length:
                    # equal work per sentence: batch members shorter than the longest still
                    # decode to the longest's cap (padding work, like any batch)
                    min_new = max_new
                else:
                    min_new = 1
                out = self._generate([pieces[k] for k in batch], max_new, min_new, opts)
                self.stats["generate_calls"] += 1
                for k, ids in zip(batch, out):
                    outputs[k] = ids
                if bar:
                    bar.update(task, advance=len(batch))
        finally:
            if bar:
                bar.stop()
        if opts.retry_loops and not opts.force_length and opts.no_repeat_ngram_size == 0:
            self._retry_loops(pieces, outputs)
        self.stats["sentences"] += len(pieces)
        joined: list[list[str]] = [[] for _ in unique]
        for k, u in enumerate(owner):
            joined[u].append(self._decode(outputs[k]))
        result = {text: " ".join(p for p in parts if p) for text, parts in zip(unique, joined)}
        return [result[s] for s in sentences]

    def _retry_loops(self, pieces: list[list[int]], outputs: list[list[int]]) -> None:
        bad = [k for k, ids in enumerate(outputs) if looks_looped(ids)]
        if not bad:
            return
        guarded = replace(self.options, no_repeat_ngram_size=3, repetition_penalty=max(1.2, self.options.repetition_penalty))
        lengths = [len(pieces[k]) for k in bad]
        for batch in self._batches(lengths):
            idx = [bad[j] for j in batch]
            longest = max(len(pieces[k]) for k in idx)
            out = self._generate([pieces[k] for k in idx], guarded.cap(longest), 1, guarded)
            self.stats["generate_calls"] += 1
            for k, ids in zip(idx, out):
                outputs[k] = ids
        self.stats["retried"] += len(bad)

    def score_tokens(self, sources: Sequence[str], targets: Sequence[str]) -> list[TokenScores]:
        if len(sources) != len(targets):
            raise ModelError("score_tokens needs as many sources as targets", "pass aligned lists")
        if not sources:
            return []
        self.load()
        self.stats["score_calls"] += 1
        src = [self._src_ids(s) for s in sources]
        tgt = [self._tgt_pieces_ids(t) for t in targets]
        results: list[TokenScores | None] = [None] * len(src)
        lengths = [max(len(s), len(t[1])) for s, t in zip(src, tgt)]
        for batch in self._batches(lengths):
            lps = self._score([src[k] for k in batch], [tgt[k][1] for k in batch])
            for k, lp in zip(batch, lps):
                results[k] = build_token_scores(targets[k], tgt[k][0], lp)
        return [r for r in results if r is not None]


def quiet_transformers() -> None:
    """Silence transformers' progress bars/info logs and the sacremoses hint in CLI output."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    warnings.filterwarnings("ignore", message=".*sacremoses.*")
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
    except Exception:  # pragma: no cover - transformers missing or changed
        pass


class MarianBackend(_MarianEngine):
    """A MarianMT (OPUS-MT) model on transformers (PyTorch): the reference engine."""

    name = "transformers"
    engine = "transformers"

    def __init__(
        self,
        model: str,
        *,
        target_token: str | None = None,
        beam: int = 1,
        max_length: int = 256,
        batch_size: int | None = None,
        batch_tokens: int | None = None,
        device: str | None = None,
        revision: str | None = None,
        options: DecodeOptions | None = None,
        progress: bool = False,
        **_ignored,
    ) -> None:
        opts = options or _options(beam=beam, max_length=max_length, batch_tokens=batch_tokens, batch_size=batch_size)
        super().__init__(model, target_token=target_token, options=opts, progress=progress)
        self.revision = revision
        # lazy: only cheap checks here (files, config.json, vocab.json); weights load on first use
        folder = check_marian_source(model, revision)
        check_target_token_files(folder, target_token, model)
        self._model = None
        if device in (None, "auto"):
            import torch  # importing torch reads no weights; the device is part of the signature

            self.device = "cuda" if torch.cuda.is_available() else "cpu"
        else:
            self.device = device
        self.fingerprint = model_fingerprint(model, revision)

    def _load(self) -> None:
        self._tokenizer, self._model = load_marian(self.model_name, revision=self.revision)
        self._model.to(self.device)
        self._model.eval()
        self._pad = self._model.config.pad_token_id
        self._eos = self._model.config.eos_token_id
        _check_target_token(self._tokenizer, self.target_token, self.model_name)

    def _sig_extra(self) -> str:
        return f"|device:{'cuda' if self.device.startswith('cuda') else 'cpu'}"

    def _generate(self, batch: list[list[int]], max_new: int, min_new: int, opts: DecodeOptions) -> list[list[int]]:
        import torch

        width = max(len(b) for b in batch)
        ids = torch.full((len(batch), width), self._pad, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for i, b in enumerate(batch):
            ids[i, : len(b)] = torch.tensor(b)
            mask[i, : len(b)] = 1
        kwargs = dict(
            num_beams=opts.beam,
            do_sample=False,
            # +1: transformers counts the forced </s> at the cap; CTranslate2 does not
            max_new_tokens=max_new + 1,
            min_new_tokens=min_new,
            bad_words_ids=[[self._pad]],
            early_stopping=True,
        )
        if opts.no_repeat_ngram_size:
            kwargs["no_repeat_ngram_size"] = opts.no_repeat_ngram_size
        if opts.repetition_penalty != 1.0:
            kwargs["repetition_penalty"] = opts.repetition_penalty
        if opts.force_length:
            kwargs["max_new_tokens"] = max_new
            kwargs["forced_eos_token_id"] = None
        with torch.inference_mode():
            gen = self._model.generate(input_ids=ids.to(self.device), attention_mask=mask.to(self.device), **kwargs)
        special = {self._pad, self._eos}
        out: list[list[int]] = []
        for row in gen.tolist():
            tokens = []
            for t in row[1:]:  # row[0] is the decoder start token
                if t == self._eos:
                    break
                if t not in special:
                    tokens.append(t)
            out.append(tokens)
        return out

    def _score(self, sources: list[list[int]], targets: list[list[int]]) -> list[list[float]]:
        import torch

        def pad(rows: list[list[int]], value: int):
            width = max(len(r) for r in rows)
            t = torch.full((len(rows), width), value, dtype=torch.long)
            m = torch.zeros((len(rows), width), dtype=torch.long)
            for i, r in enumerate(rows):
                t[i, : len(r)] = torch.tensor(r)
                m[i, : len(r)] = 1
            return t, m

        src, src_mask = pad(sources, self._pad)
        labels, lab_mask = pad(targets, self._pad)
        labels_masked = labels.masked_fill(lab_mask == 0, -100)
        with torch.inference_mode():
            out = self._model(input_ids=src.to(self.device), attention_mask=src_mask.to(self.device),
                              labels=labels_masked.to(self.device))
            logits = out.logits.float()
            logits[..., self._pad] = float("-inf")  # Marian never emits <pad> (CTranslate2 drops it)
            lp = logits.log_softmax(-1).gather(-1, labels.to(self.device).unsqueeze(-1)).squeeze(-1)
        return [row[: len(t)] for row, t in zip(lp.cpu().tolist(), targets)]


class PivotBackend(Backend):
    """Chain of backends: the output of one is the input of the next (vi->en->nl)."""

    name = "pivot"

    def __init__(self, backends: Sequence[Backend]) -> None:
        if not backends:
            raise ModelError("empty pivot chain", "give at least one model")
        self.backends = list(backends)
        if getattr(self.backends[-1], "score_tokens", None) is None:
            self.score_tokens = None  # type: ignore[assignment]  # the last model cannot score

    def signature(self) -> str:
        return " -> ".join(b.signature() for b in self.backends)

    def load(self) -> None:
        for b in self.backends:
            load = getattr(b, "load", None)
            if callable(load):
                load()

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


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def _options(*, beam: int = 1, max_length: int = 256, batch_tokens: int | None = None,
             batch_size: int | None = None, **extra) -> DecodeOptions:
    known = {f.name for f in fields(DecodeOptions)}
    kw = {k: v for k, v in extra.items() if k in known and v is not None}
    kw.update(beam=beam, max_length=max_length)
    if batch_tokens:
        kw["batch_tokens"] = batch_tokens
    if batch_size:
        kw["max_batch_sentences"] = batch_size
    return DecodeOptions(**kw)


def is_ct2_folder(path: Path) -> bool:
    """A CTranslate2 model folder (complete or not): CTranslate2 files and no transformers weights."""
    if not path.is_dir() or (path / "model.safetensors").exists() or (path / "pytorch_model.bin").exists():
        return False
    marks = ("model.bin", "translate-ct2.json", "shared_vocabulary.json", "shared_vocabulary.txt",
             "source_vocabulary.json", "target_vocabulary.json")
    return any((path / m).exists() for m in marks)


def local_model_dir(model: str, revision: str | None = None) -> Path | None:
    """Folder holding the model: the path itself, or its snapshot in the HF cache (no network)."""
    path = Path(model).expanduser()
    if path.exists():
        return path
    try:
        from huggingface_hub import try_to_load_from_cache

        hit = try_to_load_from_cache(model, "config.json", revision=revision)
    except Exception:
        return None
    return Path(hit).parent if isinstance(hit, str) else None


def model_fingerprint(model: str, revision: str | None = None) -> str:
    """Short identity of the model's content: the hub commit, or a hash of a local folder.

    For local folders: config.json bytes plus size and first/last 64 KiB of each weights
    file (cheap; changes whenever the model is re-saved with different weights).
    """
    folder = local_model_dir(model, revision)
    if folder is None:
        return revision or ""
    parts = folder.resolve().parts
    if "snapshots" in parts:  # HF cache: the commit hash names the revision
        return parts[parts.index("snapshots") + 1][:12]
    h = hashlib.sha1()
    for name in ("config.json", "model.safetensors", "pytorch_model.bin", "model.bin", "vocab.json"):
        f = folder / name
        if not f.exists():
            continue
        size = f.stat().st_size
        h.update(f"{name}:{size}".encode())
        with f.open("rb") as fh:
            h.update(fh.read(65536))
            if size > 65536:
                fh.seek(-65536, 2)
                h.update(fh.read(65536))
    return h.hexdigest()[:12]


def _check_target_token(tokenizer, target_token: str | None, model: str) -> None:
    if not target_token:
        return
    vocab = tokenizer.get_vocab()
    if target_token not in vocab:
        known = sorted(t for t in vocab if t.startswith(">>") and t.endswith("<<"))
        hint = f"this model knows {', '.join(known[:12])}" if known else "this model is not multilingual: drop --target-token"
        raise ConfigError(f"target token {target_token} is not in the vocabulary of {model}", hint)


def check_marian_source(model: str, revision: str | None = None) -> Path | None:
    """Cheap checks of a transformers model before any weight is read.

    Returns the local folder (the path itself, or the HF-cache snapshot); raises the
    errors load_marian would, for a missing/half-saved folder or an uncached hub name.
    Reads only file names and config.json, so backends can be built (and their cache
    key computed) without loading the model.
    """
    path = Path(model).expanduser()
    local = path.exists()
    if local and not path.is_dir():
        raise ModelError(f"{model}: not a model folder", "give a folder saved with save_pretrained")
    if local and is_ct2_folder(path):
        raise ModelError(
            f"{model}: this is a CTranslate2 model folder, not a transformers one",
            "use --backend ctranslate2, or give the original transformers folder",
        )
    if local and not (path / "config.json").exists():
        raise ModelError(
            f"{model}: not a model folder (no config.json)",
            "give a folder saved with save_pretrained, or a hub name such as Helsinki-NLP/opus-mt-vi-en",
        )
    if local:
        import json

        try:
            json.loads((path / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"{model}: cannot load the model (config.json: {_short(exc)})",
                             "re-save or re-download it") from None
        if not any((path / w).exists() for w in ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json",
                                                   "pytorch_model.bin.index.json")):
            raise ModelError(f"{model}: cannot load the model (no model.safetensors or pytorch_model.bin)",
                             "re-save it with save_pretrained, or re-download it")
        return path
    if model.startswith((".", "/", "~")) or os.sep in model.strip("/").replace("/", "", 1):
        raise ModelUnavailable(f"{model}: no such model folder", "check the path")
    if not _cached(model, revision):
        raise ModelUnavailable(
            f"model {model} is not in the local cache ({_cache_dir()})",
            f"run `translate models pull {model}` on a machine with network, or pass --model with a local folder",
        )
    return local_model_dir(model, revision)


def check_target_token_files(folder: Path | None, target_token: str | None, model: str) -> bool:
    """Check the target token against the folder's vocab.json (no tokenizer needed).

    Returns False when the folder has no vocab.json; the check is made again on load
    with the tokenizer in any case."""
    if not target_token or folder is None or not (folder / "vocab.json").exists():
        return not target_token
    import json

    try:
        vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if target_token not in vocab:
        known = sorted(t for t in vocab if t.startswith(">>") and t.endswith("<<"))
        hint = f"this model knows {', '.join(known[:12])}" if known else "this model is not multilingual: drop --target-token"
        raise ConfigError(f"target token {target_token} is not in the vocabulary of {model}", hint)
    return True


def load_marian(model: str, revision: str | None = None):
    """Load tokenizer and model from a local directory or the HF cache/hub."""
    try:
        from transformers import MarianMTModel, MarianTokenizer
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise ModelError(f"transformers is not installed ({exc})", "pip install transformers sentencepiece") from None
    quiet_transformers()
    check_marian_source(model, revision)
    path = Path(model).expanduser()
    local = path.exists()
    # Review never downloads: hub names are read from the local cache (HF_HOME) only;
    # `translate models pull` is the one command that uses the network.
    kwargs: dict = {} if local else {"local_files_only": True}
    if revision and not local:
        kwargs["revision"] = revision
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tokenizer = MarianTokenizer.from_pretrained(str(path) if local else model, **kwargs)
            tokenizer("x")  # its sacremoses hint fires on first use: let it fire here, silenced
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


def load_tokenizer(folder: str | Path):
    """The MarianTokenizer of a model folder (transformers or converted CTranslate2 folder)."""
    from transformers import MarianTokenizer

    quiet_transformers()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tokenizer = MarianTokenizer.from_pretrained(str(folder))
            tokenizer("x")  # its sacremoses hint fires on first use: let it fire here, silenced
            return tokenizer
    except Exception as exc:
        raise ModelError(f"{folder}: cannot load the tokenizer ({_short(exc)})",
                         "the folder needs source.spm, target.spm and vocab.json") from None


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


def ct2_available() -> bool:
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        return False
    return True


def resolve_engine(engine: str | None) -> str:
    engine = (engine or "auto").strip().lower()
    if engine not in ENGINES:
        raise ConfigError(f"unknown backend {engine!r}", f"choose one of {', '.join(ENGINES)}")
    if engine == "auto":
        return "ctranslate2" if ct2_available() else "transformers"
    if engine == "ctranslate2" and not ct2_available():
        raise ConfigError("backend ctranslate2 is not installed", "pip install ctranslate2, or use --backend transformers")
    return engine


def load_backend(
    spec: str,
    *,
    engine: str | None = "auto",
    cache: bool | str | Path | None = None,
    target_token: str | None = None,
    beam: int = 1,
    max_length: int = 256,
    batch_tokens: int | None = None,
    batch_size: int | None = None,
    device: str | None = None,
    compute_type: str | None = None,
    progress: bool = False,
    threads: int | None = None,
    **decode,
) -> Backend:
    """Build a backend from a spec: a model, or models joined by '+' for a pivot.

    ``engine``: transformers | ctranslate2 | auto. ``cache``: None/True = the default
    translation cache (``TRANSLATE_CACHE``), False = none, a path = that database.
    ``target_token`` applies to the last model of a chain (the one producing the
    target language). Extra keywords are :class:`DecodeOptions` fields.
    """
    parts = [p.strip() for p in spec.split("+") if p.strip()]
    if not parts:
        raise ModelError("no model given", "pass --model NAME_OR_FOLDER")
    which = resolve_engine(engine)
    options = _options(beam=beam, max_length=max_length, batch_tokens=batch_tokens, batch_size=batch_size, **decode)
    backends: list[Backend] = []
    for i, part in enumerate(parts):
        tok = target_token if i == len(parts) - 1 else None
        path = Path(part).expanduser()
        use = which
        if path.exists() and is_ct2_folder(path):
            use = "ctranslate2"  # a converted folder can only run on CTranslate2
            if not ct2_available():
                raise ConfigError(f"{part} is a CTranslate2 folder but ctranslate2 is not installed", "pip install ctranslate2")
        if use == "ctranslate2":
            from .engine_ct2 import CT2Backend

            backends.append(CT2Backend(part, target_token=tok, options=options, device=device,
                                       compute_type=compute_type, progress=progress, threads=threads))
        else:
            backends.append(MarianBackend(part, target_token=tok, options=options, device=device, progress=progress))
    if cache is not False:
        from .cache import CachedBackend, TranslationCache, default_cache_path

        db = default_cache_path() if cache in (None, True) else Path(cache)
        if db is not None:
            # each model of a chain has its own entries: the pivot text (vi->en) is reused
            # by forced decoding and by other routes through the same first model
            store = TranslationCache(db)
            backends = [CachedBackend(b, store) for b in backends]
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


_BYTE_RUN = re.compile(r"(?:<0x[0-9A-Fa-f]{2}>)+")


def decode_byte_tokens(text: str) -> str:
    """Decode SentencePiece byte-fallback tokens: ``Erdo<0xC4><0x9F>an`` -> ``Erdoğan``.

    Real Marian outputs keep them raw. Each run of ``<0xHH>`` tokens is one UTF-8 byte
    string; a run that is not valid UTF-8 is decoded with U+FFFD for the bad bytes (so a
    later check can still point at it) rather than dropped.
    """
    if "<0x" not in text:
        return text
    return _BYTE_RUN.sub(lambda m: bytes.fromhex(m.group(0).replace("<0x", "").replace(">", "")).decode("utf-8", "replace"), text)


def aligned_translation(source: Segmentation, other: Segmentation, system: str, options=None, keep_unpaired: bool = False) -> tuple[Translation, int]:
    """Pair the sentences of another translation of the source with the source by content.

    The project's aligner (anchors + length, model-free) links them; each link becomes a
    group shared by its source segments. A source segment linked to nothing (1:0) gets
    an empty text (no re-translation rather than a wrong one). Sentences of ``other``
    linked to no source segment (0:1) are, with ``keep_unpaired`` (system outputs under
    comparison: no text may be lost), joined to the group before them; otherwise they
    are left out and counted. Returns (translation, number of sentences left out).
    """
    from .align import align  # local import: align is a later stage

    alignment = align(source, other, None, options)
    texts: list[str] = []
    groups = [-1] * len(source.segments)
    pending = ""
    unpaired = 0
    for link in alignment.links:
        text = " ".join(other.segments[k].text for k in link.tgt)
        if link.src:
            texts.append(f"{pending} {text}".strip())
            pending = ""
            for i in link.src:
                groups[i] = len(texts) - 1
        elif not keep_unpaired:
            unpaired += len(link.tgt)
        elif texts:
            texts[-1] = f"{texts[-1]} {text}".strip()
        else:
            pending = f"{pending} {text}".strip()
    if pending:  # no source segment at all was linked
        texts.append(pending)
    for i, g in enumerate(groups):  # defensive: the aligner links every segment
        if g < 0:
            texts.append("")
            groups[i] = len(texts) - 1
    return Translation(texts=texts, groups=groups, system=system, kind="against"), unpaired


def against_translation(source: Segmentation, against: Segmentation, name: str, options=None) -> Translation:
    """Use a given translation of the source (another system, a human reference).

    Paired with the source by content (:func:`aligned_translation`), never by line count:
    a file that drops one line and splits another still has as many lines as the source,
    and line-by-line pairing would compare every later sentence with the wrong one.
    Sentences that pair with no source segment are not used; ``translation.unpaired``
    says how many (the pipeline reports it).
    """
    tr, unpaired = aligned_translation(source, against, f"against:{name}", options)
    tr.unpaired = unpaired
    return tr
