"""Machine translation on transformers (PyTorch): :class:`MarianBackend`, the reference engine.

The only module that imports torch, and only inside functions (lazy on purpose: a
model-free review never loads it).
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

from ..errors import ModelError, ModelUnavailable
from .base import DecodeOptions, decode_options
from .batching import MarianEngine
from .hub import (check_marian_source, check_target_token, check_target_token_files, hub_offline, model_fingerprint,
                     short_error)


def set_torch_threads(threads: int) -> None:
    """Intra-op threads of torch, when torch is loaded already (a worker of a corpus run)."""
    if "torch" in sys.modules:
        import torch  # loaded already: this import only binds the name

        torch.set_num_threads(threads)


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
            raise ModelError(f"{model}: cannot load the model ({short_error(exc)})", "re-save or re-download it") from None
        how = (
            f"run `translate models pull {model}` on a machine with network, "
            "or pass --model with a local folder"
        )
        why = "HF_HUB_OFFLINE is set and it is not cached" if hub_offline() else "not cached and the hub cannot be reached"
        raise ModelUnavailable(f"model {model}: {why}", how) from None
    except Exception as exc:  # corrupted weights, wrong architecture, ...
        raise ModelError(f"{model}: cannot load the model ({short_error(exc)})", "check that it is a MarianMT model") from None
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
        raise ModelError(f"{folder}: cannot load the tokenizer ({short_error(exc)})",
                         "the folder needs source.spm, target.spm and vocab.json") from None

class MarianBackend(MarianEngine):
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
    ) -> None:
        opts = options or decode_options(beam=beam, max_length=max_length, batch_tokens=batch_tokens, batch_size=batch_size)
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
        check_target_token(self._tokenizer, self.target_token, self.model_name)

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
