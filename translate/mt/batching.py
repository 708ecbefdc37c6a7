"""Machine translation, the driver the Marian engines share (:class:`MarianEngine`).

Identical sentences are translated once; over-long sentences are split at clause
boundaries (Marian truncates silently otherwise); pieces are sorted by length and cut
into batches by a token budget (``batch_tokens``, padding included), the original order
restored; the output length is capped relative to the input (``max_ratio``) and by
``max_length``; outputs caught in a repetition loop are decoded again with
``no_repeat_ngram_size=3`` and a repetition penalty (``retry_loops``). Forced decoding
(``score_tokens``) runs through the same batching. The engines (:mod:`translate.mt.marian`,
:mod:`translate.mt.ct2`) implement ``_load``, ``_generate`` and ``_score`` on token ids.
"""

from __future__ import annotations

import re
from abc import abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..errors import ModelError
from .forced import TokenScores, build_token_scores
from .base import Backend, DecodeOptions
from ..progress import counted_bar


def progress_bar(total: int, enabled: bool, label: str):
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

class MarianEngine(Backend):
    """Shared driver of the Marian engines: dedupe, split, batch by tokens, guards, scoring.

    Lazy: constructing an engine and its ``signature()`` read only files on disk
    (config, vocabulary, the content fingerprint); weights are loaded on the first real
    translate/score call, i.e. the first cache miss.

    Subclasses load a tokenizer and implement ``_generate`` and ``_score`` on lists of
    token ids.
    """

    engine = "marian"
    can_score = True

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
        bar = progress_bar(len(pieces), self.progress, f"translating ({self.engine})")
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
