"""`translate models list|pull|convert|info`: the known routes and their local copies.

The catalogue names the routes that are known to work for a language pair (vi->nl by
default: a direct multilingual OPUS-MT model with the ``>>nld<<`` target token, and the
pivot vi->en->nl). Sizes are approximate download sizes of the transformers weights.

``pull`` is the only place in the project that uses the network
(``huggingface_hub.snapshot_download``, honouring ``HF_HOME``); with
``HF_HUB_OFFLINE`` set, or when the hub cannot be reached, it says in one line what is
missing and how to provide a local folder instead. ``list``/``info`` only look at the
local cache; ``convert`` writes a CTranslate2 copy (see :mod:`translate.mt.ct2`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, ModelError, ModelUnavailable
from .ct2 import converted_folders, describe_folder
from .hub import hub_cache_dir, hub_cached, hub_offline, is_ct2_folder, local_model_dir, short_error

PULL_FILES = ["config.json", "generation_config.json", "model.safetensors", "source.spm",
              "target.spm", "vocab.json", "tokenizer_config.json", "special_tokens_map.json", "README.md"]
"""What ``pull`` fetches; ``pytorch_model.bin`` only when the repo has no safetensors weights."""


@dataclass(frozen=True)
class Route:
    name: str
    src: str
    tgt: str
    models: tuple[str, ...]
    target_token: str | None
    size_mb: int
    """Approximate download size of all models of the route (transformers weights), MB."""
    note: str

    @property
    def spec(self) -> str:
        return "+".join(self.models)


CATALOGUE: tuple[Route, ...] = (
    Route("vi-en-nl", "vi", "nl", ("Helsinki-NLP/opus-mt-vi-en", "Helsinki-NLP/opus-mt-en-nl"), None, 600,
          "pivot through English, two base OPUS-MT models (~300 MB each); the default route"),
    Route("mul-nld-bible-big", "vi", "nl", ("Helsinki-NLP/opus-mt-tc-bible-big-mul-deu_eng_nld",), ">>nld<<", 950,
          "direct multilingual transformer-big model; needs the >>nld<< target token"),
    Route("vi-en", "vi", "en", ("Helsinki-NLP/opus-mt-vi-en",), None, 300, "Vietnamese to English only"),
    Route("en-nl", "en", "nl", ("Helsinki-NLP/opus-mt-en-nl",), None, 300, "English to Dutch only"),
)


def find_route(name: str) -> Route | None:
    return next((r for r in CATALOGUE if r.name == name), None)


# one reading of HF_HUB_OFFLINE and of the hub cache folder, shared with the engines (mt_hub)
offline = hub_offline
hub_cache = hub_cache_dir


def is_cached(model: str) -> bool:
    try:
        return hub_cached(model)
    except Exception:
        return False


def folder_size(path: Path) -> int:
    total = 0
    for p in path.rglob("*"):
        try:
            if p.is_file():
                total += p.resolve().stat().st_size  # HF cache: snapshot files are symlinks to blobs
        except OSError:
            pass
    return total


def list_rows(src: str | None = None, tgt: str | None = None) -> list[dict]:
    rows = []
    for r in CATALOGUE:
        if (src and r.src != src) or (tgt and r.tgt != tgt):
            continue
        cached = [is_cached(m) for m in r.models]
        rows.append({
            "route": r.name, "pair": f"{r.src}->{r.tgt}", "spec": r.spec, "target_token": r.target_token,
            "size_mb": r.size_mb, "cached": all(cached), "missing": [m for m, c in zip(r.models, cached) if not c],
            "converted": all(converted_folders(m) for m in r.models), "note": r.note,
        })
    return rows


def pull(name: str) -> list[Path]:
    """Download the models of a route or one hub model into the HF cache; return their folders."""
    route = find_route(name)
    models = list(route.models) if route else [name]
    if Path(name).expanduser().exists():
        raise ConfigError(f"{name} is a local folder, nothing to pull", "pass it to --model directly")
    if offline():
        raise ModelUnavailable(
            f"cannot download {', '.join(models)}: HF_HUB_OFFLINE is set",
            "unset HF_HUB_OFFLINE on a machine with network, or copy a model folder here and pass --model PATH",
        )
    from huggingface_hub import snapshot_download

    out: list[Path] = []
    for model in models:
        try:
            folder = Path(snapshot_download(model, allow_patterns=PULL_FILES))
            if not (folder / "model.safetensors").exists():
                folder = Path(snapshot_download(model, allow_patterns=PULL_FILES + ["pytorch_model.bin"]))
            out.append(folder)
        except Exception as exc:  # network down, unknown repo, disk full ...
            raise ModelUnavailable(
                f"cannot download {model} ({type(exc).__name__}: {short_error(exc)})",
                "check the name and the network, or copy a model folder here and pass --model PATH",
            ) from None
    return out


def info(model: str) -> dict:
    """What is known locally about a model: folder, size, dimensions, target tokens, conversions."""
    route = find_route(model)
    if route:
        return {"route": route.name, "spec": route.spec, "target_token": route.target_token,
                "size_mb": route.size_mb, "note": route.note, "models": [info(m) for m in route.models]}
    folder = local_model_dir(model)
    if folder is None:
        known = any(model in r.models for r in CATALOGUE)
        raise ModelUnavailable(
            f"model {model} is not in the local cache ({hub_cache()})" + (" (it is in the catalogue)" if known else ""),
            f"run `translate models pull {model}` on a machine with network, or pass a local folder",
        )
    result: dict = {"model": model, "folder": str(folder), "size_mb": round(folder_size(folder) / 1e6, 1)}
    if is_ct2_folder(folder):
        result["format"] = "ctranslate2"
        result["converted_from"] = describe_folder(folder)
        return result
    cfg_path = folder / "config.json"
    if not cfg_path.exists():
        raise ModelError(f"{model}: not a model folder (no config.json)", "give a folder saved with save_pretrained")
    try:
        cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{cfg_path}: unreadable config ({exc})", "re-download or re-save the model") from None
    result["format"] = "transformers"
    result["architecture"] = (cfg.get("architectures") or [cfg.get("model_type")])[0]
    result["dims"] = {k: cfg.get(k) for k in ("d_model", "encoder_layers", "decoder_layers",
                                                "encoder_attention_heads", "encoder_ffn_dim", "vocab_size")}
    vocab = folder / "vocab.json"
    if vocab.exists():
        try:
            tokens = json.loads(vocab.read_text(encoding="utf-8"))
            result["target_tokens"] = sorted(t for t in tokens if t.startswith(">>") and t.endswith("<<"))
        except (OSError, ValueError):
            result["target_tokens"] = []
    result["converted"] = [str(p) for p in converted_folders(model)]
    return result
