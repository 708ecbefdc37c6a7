"""Registries by name that Python entry points extend: checks, engines, writers.

Each registry holds the project's own entries (registered by the module that defines
them) and, on first look-up of a name it does not know (or when all names are listed),
the entry points of its group found by :func:`importlib.metadata.entry_points`:

* ``translate.checks``: a :class:`~translate.checks.Check` subclass (its ``code`` is the name);
* ``translate.engines``: a :class:`~translate.mt.registry.Engine`, or a Backend factory;
* ``translate.report.writers``: a :class:`~translate.report.export.Writer`.

A third-party package declares them in its ``pyproject.toml``::

    [project.entry-points."translate.checks"]
    my-check = "my_package.checks:MyCheck"

See docs/extending.md. A plug-in that cannot be imported, or whose object is not of
the registry's kind, is a one-line :class:`~translate.errors.ConfigError` naming it.
Entry points are read again when ``sys.path`` changes (a test puts a package on it).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from typing import Generic, TypeVar

from .errors import ConfigError

T = TypeVar("T")


class Registry(Generic[T]):
    """Named entries of one kind; ``coerce(name, obj)`` checks (and may wrap) what an entry point gives."""

    def __init__(self, group: str, what: str, coerce: Callable[[str, object], T]) -> None:
        self.group = group
        self.what = what
        self._coerce = coerce
        self._own: dict[str, T] = {}
        self._plugins: dict[str, T] = {}
        self._seen_path: tuple[str, ...] | None = None

    # -- the project's own entries
    def register(self, name: str, obj: T) -> T:
        if name in self._own:
            raise ValueError(f"{self.what} {name!r} is registered twice")
        self._own[name] = obj
        return obj

    # -- look-up
    def _load_plugins(self) -> None:
        path = tuple(sys.path)
        if path == self._seen_path:
            return
        self._seen_path = path
        found: dict[str, T] = {}
        for ep in entry_points(group=self.group):
            if ep.name in self._own or ep.name in found:
                continue  # the project's own entry wins; the first plug-in of a name wins
            try:
                obj = ep.load()
            except Exception as exc:  # noqa: BLE001 - any failure of a third-party import is reported the same way
                raise ConfigError(f"{self.what} plug-in {ep.name} ({ep.value}) cannot be loaded: {type(exc).__name__}: {exc}",
                                  f"fix or uninstall the package that declares it in the {self.group} entry points") from None
            found[ep.name] = self._coerce(ep.name, obj)
        self._plugins = found

    def names(self) -> list[str]:
        """Every name: the project's own first (in registration order), then plug-ins, sorted."""
        self._load_plugins()
        return list(self._own) + sorted(n for n in self._plugins if n not in self._own)

    def __iter__(self) -> Iterator[T]:
        return iter([self.get(n) for n in self.names()])

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self.names()

    def get(self, name: str) -> T:
        if name in self._own:
            return self._own[name]
        self._load_plugins()
        if name in self._plugins:
            return self._plugins[name]
        raise ConfigError(f"unknown {self.what} {name!r}", f"choose one of {', '.join(self.names())}")

    def plugins(self) -> list[str]:
        """Names that come from entry points."""
        self._load_plugins()
        return sorted(self._plugins)
