"""Persistent translation cache (SQLite) and the engine's cache folder.

A translation is stored under ``(signature, source)``: the backend's signature names
everything that determines its output (engine, model and its revision or content
fingerprint, route, target token, decoding settings) and ``source`` is the exact
source sentence. A second review of the same source therefore never runs the model (backends
load their weights lazily, on the first miss, so it is not even loaded),
and changing any decoding option misses the cache instead of returning stale text.

Where things live:

* ``TRANSLATE_CACHE_DIR`` (default ``$XDG_CACHE_HOME/translate`` or
  ``~/.cache/translate``): the engine's cache folder (CTranslate2 conversions, and the
  default database ``translations.sqlite``).
* ``TRANSLATE_CACHE``: path of the database file; ``off``/``0``/``no`` disables it.
  ``translate review --cache PATH`` / ``--no-cache`` override both.

Concurrency: the database runs in WAL mode with a busy timeout, writes are short
transactions of ``INSERT OR REPLACE``, so several processes (e.g. workers over a
corpus) can read and fill one cache at the same time; SQLite does the locking.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import ConfigError
from .forced import build_token_scores
from .base import Backend

_OFF = {"off", "0", "no", "false", "none", ""}


def cache_root() -> Path:
    """The engine's cache folder (conversions, default translation database)."""
    env = os.environ.get("TRANSLATE_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    # platformdirs would do this; it is not a dependency, and on Linux/macOS CI the
    # XDG rule below is what it returns anyway.
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "translate"


def default_cache_path() -> Path | None:
    """Database path from ``TRANSLATE_CACHE`` (None when disabled), else under :func:`cache_root`."""
    env = os.environ.get("TRANSLATE_CACHE")
    if env is not None:
        if env.strip().lower() in _OFF:
            return None
        return Path(env).expanduser()
    return cache_root() / "translations.sqlite"


class TranslationCache:
    """SQLite store of translations keyed by (backend signature, exact source text)."""

    def __init__(self, path: str | Path, timeout: float = 60.0) -> None:
        self.path = Path(path).expanduser()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._setup(timeout)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(
                f"translation cache {self.path} cannot be opened ({exc})",
                "pass --cache PATH to a writable file, set TRANSLATE_CACHE, or use --no-cache",
            ) from None

    def _setup(self, timeout: float) -> None:
        """WAL mode and the tables, retried while another process holds the lock.

        Switching a new database to WAL needs an exclusive lock, and SQLite answers
        "database is locked" at once (without its busy handler) when two processes do
        it at the same moment, e.g. corpus workers starting together on one cache file.
        """
        deadline = time.monotonic() + timeout
        delay = 0.01
        while True:
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS translations ("
                    " signature TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, created REAL NOT NULL,"
                    " PRIMARY KEY (signature, source)) WITHOUT ROWID"
                )
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS token_scores ("
                    " signature TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, data TEXT NOT NULL,"
                    " created REAL NOT NULL, PRIMARY KEY (signature, source, target)) WITHOUT ROWID"
                )
                return
            except sqlite3.OperationalError as exc:
                text = str(exc).lower()
                if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def get_many(self, signature: str, sources: Iterable[str]) -> dict[str, str]:
        """Cached translations of ``sources`` (only the hits)."""
        found: dict[str, str] = {}
        items = list(dict.fromkeys(sources))
        for k in range(0, len(items), 500):  # stay under SQLite's variable limit
            chunk = items[k : k + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT source, target FROM translations WHERE signature = ? AND source IN ({marks})",
                [signature, *chunk],
            )
            found.update(rows.fetchall())
        return found

    def put_many(self, signature: str, pairs: Sequence[tuple[str, str]]) -> None:
        if not pairs:
            return
        now = time.time()
        with self._db:  # one short transaction
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR REPLACE INTO translations (signature, source, target, created) VALUES (?, ?, ?, ?)",
                [(signature, s, t, now) for s, t in pairs],
            )

    def get_scores(self, signature: str, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        found: dict[tuple[str, str], str] = {}
        for src, tgt in dict.fromkeys(pairs):
            row = self._db.execute(
                "SELECT data FROM token_scores WHERE signature = ? AND source = ? AND target = ?", (signature, src, tgt)
            ).fetchone()
            if row:
                found[(src, tgt)] = row[0]
        return found

    def put_scores(self, signature: str, items: Sequence[tuple[str, str, str]]) -> None:
        if not items:
            return
        now = time.time()
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR REPLACE INTO token_scores (signature, source, target, data, created) VALUES (?, ?, ?, ?, ?)",
                [(signature, s, t, d, now) for s, t, d in items],
            )

    def count(self, signature: str | None = None) -> int:
        if signature is None:
            return self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
        return self._db.execute("SELECT COUNT(*) FROM translations WHERE signature = ?", (signature,)).fetchone()[0]

    def integrity_ok(self) -> bool:
        return self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def close(self) -> None:
        self._db.close()


class CachedBackend(Backend):
    """Wraps a backend: translations come from the cache when there, the model runs only on misses.

    Forced-decoding scores (``score_tokens``, when the wrapped backend ``can_score``) are
    cached too, keyed by signature, source and rendering: after editing a rendering only
    the edited pairs are scored again. Other attributes are forwarded to the wrapped backend.
    """

    name = "cached"

    def __init__(self, backend, cache: TranslationCache) -> None:
        self.backend = backend
        self.cache = cache
        self.hits = 0
        self.misses = 0
        self.score_hits = 0
        self.score_misses = 0
        self.can_score = backend.can_score  # forced decoding, cached per (source, rendering)

    def signature(self) -> str:
        return self.backend.signature()

    def translate(self, sentences: Sequence[str]) -> list[str]:
        sentences = list(sentences)
        sig = self.backend.signature()
        unique = list(dict.fromkeys(sentences))
        found = self.cache.get_many(sig, unique)
        missing = [s for s in unique if s not in found]
        self.hits += len(unique) - len(missing)
        self.misses += len(missing)
        if missing:
            out = self.backend.translate(missing)
            pairs = list(zip(missing, out))
            self.cache.put_many(sig, pairs)
            found.update(pairs)
        return [found[s] for s in sentences]

    def load(self) -> None:
        self.backend.load()

    def score_tokens(self, sources: Sequence[str], targets: Sequence[str]):
        if not self.can_score:
            return self.backend.score_tokens(sources, targets)  # raises: the backend cannot score
        sig = "score|" + self.backend.signature()
        pairs = list(zip(sources, targets))
        found = self.cache.get_scores(sig, pairs)
        missing = list(dict.fromkeys(p for p in pairs if p not in found))
        self.score_hits += len(dict.fromkeys(pairs)) - len(missing)
        self.score_misses += len(missing)
        if missing:
            scored = self.backend.score_tokens([p[0] for p in missing], [p[1] for p in missing])
            items = [(p[0], p[1], json.dumps({"tokens": sc.tokens[:-1], "logprobs": sc.logprobs}, ensure_ascii=False))
                     for p, sc in zip(missing, scored)]
            self.cache.put_scores(sig, items)
            found.update({(a, b): d for a, b, d in items})
        out = []
        for src, tgt in pairs:
            data = json.loads(found[(src, tgt)])
            out.append(build_token_scores(tgt, data["tokens"], data["logprobs"]))
        return out

    def __getattr__(self, name):
        return getattr(self.backend, name)
