"""Machine translation, the engines by name, and ``load_backend``.

Engines (``engine=`` / ``--backend``) are :class:`Engine` entries of the registry
:data:`ENGINES`: ``transformers`` (:class:`~translate.mt.marian.MarianBackend`, the
reference), ``ctranslate2`` (:class:`~translate.mt.ct2.CT2Backend`, the fast path:
the transformers model is converted on first use into the cache folder, int8 on CPU,
float16 on CUDA), and any engine a package declares in the ``translate.engines``
entry points (docs/extending.md). ``auto`` is the available engine with the lowest
``auto_rank`` (CTranslate2 when it is installed). ``load_backend`` builds a backend
from a spec:

* ``Helsinki-NLP/opus-mt-vi-en`` or a local directory: one model;
* ``A+B`` (e.g. ``Helsinki-NLP/opus-mt-vi-en+Helsinki-NLP/opus-mt-en-nl``): a pivot chain;
* ``>>nld<<`` prefixes are added for multilingual models via ``target_token``;

and wraps every model in a :class:`translate.mt.cache.CachedBackend` (on by default),
which keeps each translation in a SQLite cache keyed by signature and source text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .cache import CachedBackend, TranslationCache, default_cache_path
from .ct2 import CT2Backend, ct2_available
from ..errors import ConfigError, ModelError
from .base import Backend, DecodeOptions, PivotBackend, decode_options
from .hub import is_ct2_folder
from .marian import MarianBackend
from ..plugins import Registry

DEFAULT_ROUTE = "Helsinki-NLP/opus-mt-vi-en+Helsinki-NLP/opus-mt-en-nl"


def _always() -> bool:
    return True


def _never(path: Path) -> bool:
    return False


@dataclass(frozen=True)
class Engine:
    """One engine of the registry.

    ``factory(model, *, target_token, options, device, compute_type, progress, threads)``
    builds the backend of one model (``options`` is a :class:`DecodeOptions`; an engine
    may ignore device, compute_type and threads). ``available()`` says whether its
    runtime is installed (``hint`` says how to install it). ``owns_folder(path)`` is True
    for a model folder only this engine can run (a converted CTranslate2 folder): such a
    folder runs on it whatever ``--backend`` says. ``auto_rank``: ``auto`` picks the
    available engine with the lowest rank; None: never picked by ``auto``.
    """

    name: str
    factory: Callable[..., Backend]
    available: Callable[[], bool] = _always
    hint: str = ""
    owns_folder: Callable[[Path], bool] = _never
    auto_rank: int | None = None


def _engine(name: str, obj: object) -> Engine:
    """An entry point gives an Engine, or a factory (e.g. a Backend subclass) to wrap in one."""
    if isinstance(obj, Engine):
        return obj
    if callable(obj):
        return Engine(name, obj)
    raise ConfigError(f"engine plug-in {name} is neither an Engine nor a backend factory",
                      "see docs/extending.md (engines)")


ENGINES: Registry[Engine] = Registry("translate.engines", "backend", _engine)


def _transformers(model: str, *, target_token, options, device, compute_type, progress, threads) -> Backend:
    return MarianBackend(model, target_token=target_token, options=options, device=device, progress=progress)


def _ctranslate2(model: str, *, target_token, options, device, compute_type, progress, threads) -> Backend:
    return CT2Backend(model, target_token=target_token, options=options, device=device, compute_type=compute_type,
                      progress=progress, threads=threads)


ENGINES.register("transformers", Engine("transformers", _transformers, auto_rank=1))
ENGINES.register("ctranslate2", Engine("ctranslate2", _ctranslate2, available=ct2_available,
                                       hint="pip install ctranslate2, or use --backend transformers",
                                       owns_folder=is_ct2_folder, auto_rank=0))


def engine_names() -> list[str]:
    """``auto`` and every registered engine (what ``--backend`` accepts)."""
    return ["auto", *ENGINES.names()]


def resolve_engine(engine: str | None) -> str:
    """The engine a ``--backend`` value means (``auto`` resolved); an unknown or missing one is an error."""
    name = (engine or "auto").strip().lower()
    if name == "auto":
        ranked = sorted((e.auto_rank, e.name) for e in ENGINES if e.auto_rank is not None and e.available())
        if not ranked:
            raise ConfigError("no backend is installed", "pip install transformers, or ctranslate2")
        return ranked[0][1]
    if name not in ENGINES:
        raise ConfigError(f"unknown backend {name!r}", f"choose one of {', '.join(engine_names())}")
    found = ENGINES.get(name)
    if not found.available():
        raise ConfigError(f"backend {name} is not installed", found.hint or f"install the package that provides {name}")
    return name


def _engine_for(part: str, chosen: str) -> Engine:
    """The chosen engine, unless the model folder is one only another engine can run."""
    path = Path(part).expanduser()
    if path.exists():
        for engine in ENGINES:
            if engine.owns_folder(path):
                if not engine.available():
                    raise ConfigError(f"{part} is a {engine.name} model folder but {engine.name} is not installed",
                                      engine.hint or f"install {engine.name}")
                return engine
    return ENGINES.get(chosen)


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

    ``engine``: a registered engine name or ``auto``. ``cache``: None/True = the default
    translation cache (``TRANSLATE_CACHE``), False = none, a path = that database.
    ``target_token`` applies to the last model of a chain (the one producing the
    target language). Extra keywords are :class:`DecodeOptions` fields; any other
    keyword is a ConfigError.
    """
    parts = [p.strip() for p in spec.split("+") if p.strip()]
    if not parts:
        raise ModelError("no model given", "pass --model NAME_OR_FOLDER")
    which = resolve_engine(engine)
    options: DecodeOptions = decode_options(beam=beam, max_length=max_length, batch_tokens=batch_tokens,
                                            batch_size=batch_size, **decode)
    backends: list[Backend] = []
    for i, part in enumerate(parts):
        tok = target_token if i == len(parts) - 1 else None
        factory = _engine_for(part, which).factory
        backends.append(factory(part, target_token=tok, options=options, device=device, compute_type=compute_type,
                                progress=progress, threads=threads))
    if cache is not False:
        db = default_cache_path() if cache in (None, True) else Path(cache)
        if db is not None:
            # each model of a chain has its own entries: the pivot text (vi->en) is reused
            # by forced decoding and by other routes through the same first model
            store = TranslationCache(db)
            backends = [CachedBackend(b, store) for b in backends]
    return backends[0] if len(backends) == 1 else PivotBackend(backends)
