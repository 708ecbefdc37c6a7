"""CTranslate2 engine: the fast path for MarianMT models.

A transformers Marian model (local folder or hub name already in the HF cache) is
converted on first use with ``ctranslate2.converters.TransformersConverter`` into
``<cache>/ct2/<name>-<fingerprint>-<quantization>`` (see :func:`translate.mt.cache.cache_root`):
int8 weights on CPU, float16 on CUDA (device auto-detected). The conversion is
written into a temporary folder and renamed into place once complete, under a file
lock, so two processes never see a half-written model; a marker file
``translate-ct2.json`` records what it was converted from. The tokenizer files
(``source.spm``, ``target.spm``, ``vocab.json``) are copied along, so a converted
folder is self-contained and can be given to ``--model`` directly.

Multilingual models (``>>nld<<``): the converter drops Marian's ``<pad>`` row and keeps
``final_logits_bias`` (its absence made CTranslate2 append gibberish after the
translation, OpenNMT/CTranslate2#832); tests compare the converted model's output with
transformers on a tiny multilingual model with a non-zero logits bias.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import warnings
from collections.abc import Sequence
from pathlib import Path

from .cache import cache_root
from ..errors import ConfigError, ModelError, ModelUnavailable
from .base import DecodeOptions
from .batching import MarianEngine
from .hub import (check_marian_source, check_target_token, check_target_token_files, hub_cache_dir, hub_cached,
                     is_ct2_folder, local_model_dir, model_fingerprint, short_error)
from .marian import load_tokenizer, quiet_transformers

MARKER = "translate-ct2.json"
TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json", "special_tokens_map.json")


def ct2_available() -> bool:
    """True when CTranslate2 is installed (imported here: this module is the only one that imports it)."""
    try:
        import ctranslate2  # noqa: F401  # lazy on purpose: an optional runtime
    except ImportError:
        return False
    return True


def cuda_available() -> bool:
    try:
        import ctranslate2

        return ctranslate2.get_cuda_device_count() > 0
    except Exception:
        return False


def pick_device(device: str | None) -> str:
    if device in (None, "", "auto"):
        return "cuda" if cuda_available() else "cpu"
    if device not in ("cpu", "cuda"):
        raise ConfigError(f"unknown device {device!r}", "use cpu, cuda or auto")
    return device


def default_quantization(device: str) -> str:
    return "float16" if device == "cuda" else "int8"


def _threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS/Windows
        return max(1, os.cpu_count() or 1)


def _slug(model: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "--", model.strip("/"))[-80:] or "model"


def check_ct2_folder(folder: Path) -> None:
    """Raise a clear ModelError when a CTranslate2 folder is incomplete."""
    bin_ = folder / "model.bin"
    vocab = any((folder / v).exists() for v in ("shared_vocabulary.json", "shared_vocabulary.txt",
                                                "source_vocabulary.json", "source_vocabulary.txt"))
    if not bin_.exists() or bin_.stat().st_size == 0 or not vocab or not (folder / "config.json").exists():
        missing = [n for n, ok in (("model.bin", bin_.exists() and bin_.stat().st_size > 0),
                                   ("vocabulary", vocab), ("config.json", (folder / "config.json").exists())) if not ok]
        raise ModelError(
            f"{folder}: half-converted CTranslate2 model (missing {', '.join(missing)})",
            "delete the folder and convert again: translate models convert MODEL --force",
        )


def convert_model(
    model: str,
    out: str | Path | None = None,
    *,
    quantization: str | None = None,
    device: str | None = None,
    force: bool = False,
    revision: str | None = None,
) -> Path:
    """Convert a transformers Marian model to CTranslate2; return the folder (cached)."""
    try:
        import ctranslate2
    except ImportError:
        raise ConfigError("ctranslate2 is not installed", "pip install ctranslate2, or use --backend transformers") from None
    source = Path(model).expanduser()
    if source.exists():
        if is_ct2_folder(source):
            raise ConfigError(f"{model} is already a CTranslate2 folder", "give the transformers model folder")
        if not (source / "config.json").exists():
            raise ModelError(f"{model}: not a model folder (no config.json)", "give a folder saved with save_pretrained")
        folder = source
    else:
        if not hub_cached(model, revision):
            raise ModelUnavailable(
                f"model {model} is not in the local cache ({hub_cache_dir()})",
                f"run `translate models pull {model}` on a machine with network, or pass a local folder",
            )
        folder = local_model_dir(model, revision)
        assert folder is not None
    quant = quantization or default_quantization(pick_device(device))
    fp = model_fingerprint(model, revision)
    target = Path(out) if out else cache_root() / "ct2" / f"{_slug(model)}-{fp}-{quant}"
    if (target / MARKER).exists() and not force:
        try:
            check_ct2_folder(target)
            return target
        except ModelError:
            if out:  # a folder the user named: say so rather than overwrite it
                raise
            force = True  # our own cache folder was damaged: convert again
    from filelock import FileLock

    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock"):
        if (target / MARKER).exists() and not force:  # another process finished it meanwhile
            return target
        tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        quiet_transformers()
        # imported only when converting: it imports torch (~200 MB), which running does not need
        from ctranslate2.converters import TransformersConverter

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                TransformersConverter(str(folder)).convert(str(tmp), quantization=quant, force=True)
        except Exception as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            raise ModelError(f"{model}: conversion to CTranslate2 failed ({short_error(exc)})",
                             "check that it is a MarianMT model, or use --backend transformers") from None
        for name in TOKENIZER_FILES:
            if (folder / name).exists():
                shutil.copy2(folder / name, tmp / name)

        (tmp / MARKER).write_text(json.dumps({
            "source": str(model), "source_folder": str(folder), "fingerprint": fp, "quantization": quant,
            "ctranslate2": ctranslate2.__version__, "created": time.time(),
        }, indent=1), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    return target


class CT2Backend(MarianEngine):
    """A MarianMT model on CTranslate2 (converted on first use)."""

    name = "ctranslate2"
    engine = "ctranslate2"

    def __init__(
        self,
        model: str,
        *,
        target_token: str | None = None,
        options: DecodeOptions | None = None,
        device: str | None = None,
        compute_type: str | None = None,
        progress: bool = False,
        revision: str | None = None,
        threads: int | None = None,
    ) -> None:
        super().__init__(model, target_token=target_token, options=options or DecodeOptions(), progress=progress)
        self.device = pick_device(device)
        self.compute_type = compute_type or default_quantization(self.device)
        self.revision = revision
        self.threads = threads
        # lazy: only cheap checks here (files, vocab.json); conversion and loading on first use
        path = Path(model).expanduser()
        self._translator = None
        if path.exists() and is_ct2_folder(path):
            check_ct2_folder(path)
            self.folder: Path | None = path
            self.fingerprint = model_fingerprint(str(path))
            tok_folder = path if (path / "vocab.json").exists() else _marker_source(path)
        else:
            source = check_marian_source(model, revision)
            self.folder = None  # the converted folder, known once converted
            self.fingerprint = model_fingerprint(model, revision)
            tok_folder = source
        check_target_token_files(tok_folder, target_token, model)

    def _load(self) -> None:
        import ctranslate2

        if self.folder is None:
            self.folder = convert_model(self.model_name, quantization=self.compute_type if self.compute_type in
                                        ("int8", "float16", "float32", "int8_float16", "bfloat16") else None,
                                        device=self.device, revision=self.revision)
        folder = self.folder
        if (folder / "source.spm").exists():
            self._tokenizer = load_tokenizer(folder)
        else:
            src = _marker_source(folder)
            if not src:
                raise ModelError(f"{folder}: no tokenizer files (source.spm, target.spm, vocab.json)",
                                 "copy them from the original model folder")
            self._tokenizer = load_tokenizer(src)
        try:
            self._translator = ctranslate2.Translator(
                str(folder), device=self.device, compute_type=self.compute_type,
                intra_threads=self.threads or _threads(), inter_threads=1,
            )
        except Exception as exc:
            raise ModelError(f"{folder}: CTranslate2 cannot load the model ({short_error(exc)})",
                             "delete the folder and convert again: translate models convert MODEL --force") from None
        check_target_token(self._tokenizer, self.target_token, self.model_name)
        self._specials = {self._tokenizer.pad_token_id, self._tokenizer.eos_token_id}

    def _sig_extra(self) -> str:
        return f"|device:{self.device}|compute:{self.compute_type}"

    def _generate(self, batch: list[list[int]], max_new: int, min_new: int, opts: DecodeOptions) -> list[list[int]]:
        tok = self._tokenizer
        tokens = [tok.convert_ids_to_tokens(ids) for ids in batch]
        results = self._translator.translate_batch(
            tokens,
            beam_size=opts.beam,
            max_decoding_length=max_new,
            min_decoding_length=min_new,
            no_repeat_ngram_size=opts.no_repeat_ngram_size,
            repetition_penalty=opts.repetition_penalty,
            max_batch_size=0,
        )
        out: list[list[int]] = []
        for r in results:
            ids = tok.convert_tokens_to_ids(r.hypotheses[0])
            out.append([i for i in ids if i not in self._specials])
        return out

    def _score(self, sources: list[list[int]], targets: list[list[int]]) -> list[list[float]]:
        tok = self._tokenizer
        src = [tok.convert_ids_to_tokens(ids) for ids in sources]
        eos = tok.eos_token_id
        tgt = [tok.convert_ids_to_tokens(ids[:-1] if ids and ids[-1] == eos else ids) for ids in targets]
        results = self._translator.score_batch(src, tgt, max_batch_size=0)
        return [list(r.log_probs) for r in results]


def _marker_source(folder: Path) -> Path | None:
    """The transformers folder a converted folder was made from (its marker), if recorded."""
    src = describe_folder(folder).get("source_folder")
    return Path(src) if src else None


def describe_folder(folder: Path) -> dict:
    """Marker contents of a converted folder (empty when none)."""
    marker = folder / MARKER
    try:
        return json.loads(marker.read_text(encoding="utf-8")) if marker.exists() else {}
    except (OSError, ValueError):
        return {}


def converted_folders(model: str) -> list[Path]:
    """Converted CTranslate2 folders of ``model`` in the cache."""
    root = cache_root() / "ct2"
    if not root.is_dir():
        return []
    return sorted(p for p in root.glob(f"{_slug(model)}-*") if p.is_dir() and not p.name.endswith(".lock"))


__all__: Sequence[str] = ["CT2Backend", "convert_model", "check_ct2_folder", "pick_device", "converted_folders"]
