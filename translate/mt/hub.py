"""Machine translation, finding the model: local folders, the Hugging Face cache, HF_HUB_OFFLINE.

Models are loaded from a local directory, or from the Hugging Face cache (``HF_HOME``)
only: review never downloads (``translate models pull`` does). These functions read
only file names, ``config.json`` and ``vocab.json``, never weights, so a backend can be
built and its cache key computed without loading the model. When a model cannot be found,
:class:`~translate.errors.ModelUnavailable` says so in one line.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..errors import ConfigError, ModelError, ModelUnavailable


def hub_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}

def hub_cache_dir() -> str:
    from huggingface_hub import constants

    return str(constants.HF_HUB_CACHE)

def hub_cached(model: str, revision: str | None = None) -> bool:
    """True when config and weights of a hub model are in the local cache (no network)."""
    from huggingface_hub import try_to_load_from_cache

    def has(name: str) -> bool:
        hit = try_to_load_from_cache(model, name, revision=revision)
        return isinstance(hit, str)

    return has("config.json") and (has("model.safetensors") or has("pytorch_model.bin"))

def short_error(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] + ("..." if len(text) > 200 else "")

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

def check_target_token(tokenizer, target_token: str | None, model: str) -> None:
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
        try:
            json.loads((path / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"{model}: cannot load the model (config.json: {short_error(exc)})",
                             "re-save or re-download it") from None
        if not any((path / w).exists() for w in ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json",
                                                   "pytorch_model.bin.index.json")):
            raise ModelError(f"{model}: cannot load the model (no model.safetensors or pytorch_model.bin)",
                             "re-save it with save_pretrained, or re-download it")
        return path
    if model.startswith((".", "/", "~")) or os.sep in model.strip("/").replace("/", "", 1):
        raise ModelUnavailable(f"{model}: no such model folder", "check the path")
    if not hub_cached(model, revision):
        raise ModelUnavailable(
            f"model {model} is not in the local cache ({hub_cache_dir()})",
            f"run `translate models pull {model}` on a machine with network, or pass --model with a local folder",
        )
    return local_model_dir(model, revision)

def check_target_token_files(folder: Path | None, target_token: str | None, model: str) -> bool:
    """Check the target token against the folder's vocab.json (no tokenizer needed).

    Returns False when the folder has no vocab.json; the check is made again on load
    with the tokenizer in any case."""
    if not target_token or folder is None or not (folder / "vocab.json").exists():
        return not target_token
    try:
        vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if target_token not in vocab:
        known = sorted(t for t in vocab if t.startswith(">>") and t.endswith("<<"))
        hint = f"this model knows {', '.join(known[:12])}" if known else "this model is not multilingual: drop --target-token"
        raise ConfigError(f"target token {target_token} is not in the vocabulary of {model}", hint)
    return True
