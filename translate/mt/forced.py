"""Forced decoding: how likely is a *given* rendering under the model, word by word.

``Backend.score_tokens(sources, targets)`` runs the model in teacher-forcing mode:
the decoder is fed the rendering ``targets[i]`` (tokenised with the model's target
SentencePiece model) and, at every position, we read the log-probability the model
gives to the token that actually comes next. Nothing is generated, so this is cheap
(one forward pass per batch) and deterministic.

Both engines implement it with the same numbers:

* transformers: one forward pass with ``labels=``, ``log_softmax`` of the logits with
  the ``<pad>`` logit masked (Marian never generates ``<pad>``), gathered at the
  label ids;
* CTranslate2: ``Translator.score_batch`` (it returns the log-probability of every
  target token plus the final ``</s>``).

The result for one pair is a :class:`TokenScores`:

* ``tokens`` / ``logprobs``: one entry per SentencePiece piece of the rendering, as
  the target SentencePiece model cut it (``▁`` marks a word start), followed by
  ``</s>``. ``logprobs[k]`` is ``log p(token_k | source, tokens_<k)`` (natural log,
  always <= 0).
* ``token_word[k]``: index into ``words`` of the word piece ``k`` belongs to
  (``-1`` for ``</s>``).
* ``words``: one :class:`WordScore` per whitespace-separated word of the rendering,
  with its character span ``start:end`` *in the rendering string as given*
  (``target[w.start:w.end] == w.text``), the sum of its pieces' log-probs
  (``logprob``), the worst piece (``min_logprob``) and the piece count. Words the
  model finds implausible have very negative ``logprob``/``min_logprob``.
* Iterating a ``TokenScores`` (``len``, ``[k]``, ``for w in scores``) goes over its
  ``words``: it is the per-link word list the flag checks expect.
* ``eos_logprob``: log-prob of ending the sentence where the rendering ends (very
  negative when the model expected more: a hint of truncation/omission).

Typical use in a flag (low-probability words point at garbled text)::

    [scores] = backend.score_tokens([source_sentence], [rendering_sentence])
    worst = sorted(scores.words, key=lambda w: w.min_logprob)[:3]
    for w in worst:
        print(w.text, w.start, w.end, round(w.logprob, 2))

For a pivot chain (vi->en->nl) the source is first translated by every model but the
last, and the rendering is scored by the last model given that pivot text.

Mapping pieces to words (written here because SentencePiece's own offsets are lost
once the pieces go through the Marian vocabulary): a piece that starts with ``▁``
opens a new word, other pieces continue the current one. When the number of words
found that way differs from the whitespace words of the text (normalisation changed
the text), pieces are mapped by the position of their characters among the
rendering's non-space characters instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

SPACE = "\u2581"  # SentencePiece word-start marker
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class WordScore:
    """Forced-decoding score of one word of the rendering."""

    text: str
    start: int
    """Character offset of the word in the rendering (inclusive)."""
    end: int
    """Character offset of the word in the rendering (exclusive)."""
    logprob: float
    """Sum of the log-probabilities of the word's pieces (natural log)."""
    min_logprob: float
    """Log-probability of the word's least likely piece."""
    n_tokens: int

    @property
    def mean_logprob(self) -> float:
        return self.logprob / self.n_tokens if self.n_tokens else 0.0


@dataclass
class TokenScores:
    """Per-token and per-word log-probabilities of one rendering under the model."""

    target: str
    tokens: list[str]
    """Target pieces as cut by the target SentencePiece model, then ``</s>``."""
    logprobs: list[float]
    token_word: list[int]
    """Word index (into ``words``) of each token; -1 for ``</s>``."""
    words: list[WordScore] = field(default_factory=list)

    # A TokenScores is also the sequence of its words (start, end, logprob), the shape
    # the flag checks take per link (translate/checks/base.py).
    def __iter__(self):
        return iter(self.words)

    def __len__(self) -> int:
        return len(self.words)

    def __getitem__(self, k):
        return self.words[k]

    @property
    def eos_logprob(self) -> float:
        return self.logprobs[-1] if self.logprobs else 0.0

    @property
    def total(self) -> float:
        return float(sum(self.logprobs))

    @property
    def mean(self) -> float:
        return self.total / len(self.logprobs) if self.logprobs else 0.0

    @property
    def perplexity(self) -> float:
        return math.exp(-self.mean) if self.logprobs else 1.0


def word_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def map_pieces_to_words(text: str, pieces: Sequence[str]) -> tuple[list[tuple[int, int]], list[int]]:
    """Return the word spans of ``text`` and, for each piece, the index of its word."""
    spans = word_spans(text)
    if not spans:
        return spans, [-1] * len(pieces)
    owner: list[int] = []
    word = -1
    prev_bare = False
    for piece in pieces:
        if piece.startswith(SPACE) and not prev_bare:
            word += 1
        elif word < 0:
            word = 0
        owner.append(word)
        prev_bare = piece == SPACE
    if word + 1 == len(spans):
        return spans, owner
    return spans, _map_by_characters(text, spans, pieces)


def _map_by_characters(text: str, spans: list[tuple[int, int]], pieces: Sequence[str]) -> list[int]:
    """Fallback: map each piece by where its characters fall among the non-space characters."""
    # word index of every non-space character of the text
    char_word = [w for w, (a, b) in enumerate(spans) for _ in range(b - a)]
    total_piece_chars = sum(len(p.replace(SPACE, "")) for p in pieces) or 1
    scale = len(char_word) / total_piece_chars
    owner: list[int] = []
    pos = 0
    for piece in pieces:
        n = len(piece.replace(SPACE, ""))
        mid = int((pos + max(n, 1) / 2) * scale)
        owner.append(char_word[min(max(mid, 0), len(char_word) - 1)])
        pos += n
    return owner


def build_token_scores(target: str, pieces: Sequence[str], logprobs: Sequence[float]) -> TokenScores:
    """Assemble a :class:`TokenScores` from the rendering, its pieces and the log-probs.

    ``logprobs`` has one value per piece plus one for ``</s>`` (the last).
    """
    pieces = list(pieces)
    lps = [float(x) for x in logprobs]
    if len(lps) != len(pieces) + 1:
        raise ValueError(f"expected {len(pieces) + 1} log-probs (pieces + </s>), got {len(lps)}")
    spans, owner = map_pieces_to_words(target, pieces)
    sums = [0.0] * len(spans)
    mins = [0.0] * len(spans)
    counts = [0] * len(spans)
    for w, lp in zip(owner, lps):
        if w < 0:
            continue
        sums[w] += lp
        mins[w] = lp if counts[w] == 0 else min(mins[w], lp)
        counts[w] += 1
    words = [
        WordScore(text=target[a:b], start=a, end=b, logprob=sums[i], min_logprob=mins[i], n_tokens=counts[i])
        for i, (a, b) in enumerate(spans)
    ]
    return TokenScores(target=target, tokens=pieces + ["</s>"], logprobs=lps, token_word=owner + [-1], words=words)
