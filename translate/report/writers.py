"""The output formats of ``translate review`` by name: one table of writers.

Each :class:`Writer` writes one file from a :class:`~translate.data.ReviewResult`.
The project's own (``html``, ``tmx``, ``xliff``, ``csv``, ``tsv``, ``jsonl``, ``junit``)
are registered here, in the order they are written; a package adds its own through the
``translate.report.writers`` entry points (docs/extending.md). The CLI's ``--html``, ``--tmx`` ...
options and its generic ``--write NAME=PATH`` all fill :attr:`Outputs.paths`, and
:func:`write_outputs` runs the writer of every name there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..data import ReviewResult, Severity
from ..errors import ConfigError
from .export import check_xliff_version, write_csv, write_jsonl, write_tmx, write_tsv, write_xliff
from .html import write_html
from .junit import write_junit
from ..plugins import Registry


@dataclass
class Outputs:
    """Files the user asked for (writer name -> path) and the settings writers read."""

    paths: dict[str, str] = field(default_factory=dict)
    """Writer name -> output path, in the order given; a name must be a registered writer."""
    xliff_version: str = "1.2"
    junit_fail_on: Severity | None = Severity.WARNING
    """JUnit cases fail on flags at this severity or worse (the CLI's ``--fail-on``; None: never)."""
    gates: list = field(default_factory=list)
    """Quality gates (report.Gate) written as JUnit cases."""
    csv_raw: bool = False
    """CSV/TSV cells as they are (``--csv-raw``); by default formula starts are neutralised."""
    sort: str = "document"
    """Order of the pairs in the HTML page (document | risk)."""
    decisions: dict | None = None
    """(flag key, code) -> decision from the ``--waivers`` file, for the XLIFF states."""

    def any(self) -> bool:
        return bool(self.paths)


def _no_check(out: Outputs) -> None:
    return None


@dataclass(frozen=True)
class Writer:
    """One output format.

    ``write(result, path, outputs)`` writes the file (atomically: a reader never sees half
    a file; the project's writers use :func:`translate.report.core.atomic_open`) and raises
    :class:`~translate.errors.OutputError` when it cannot. ``check(outputs)`` validates the
    writer's settings before the review runs (raise ConfigError). ``help``: one line for
    ``translate writers``-style listings and the docs.
    """

    name: str
    write: Callable[[ReviewResult, str, Outputs], None]
    help: str = ""
    check: Callable[[Outputs], None] = _no_check


def _writer(name: str, obj: object) -> Writer:
    if isinstance(obj, Writer):
        if obj.name != name:
            raise ConfigError(f"writer plug-in {name}: its name is {obj.name!r}, not the entry point's name",
                              "give the entry point the writer's name")
        return obj
    raise ConfigError(f"writer plug-in {name} is not a translate.report.writers.Writer", "see docs/extending.md (writers)")


WRITERS: Registry[Writer] = Registry("translate.report.writers", "writer", _writer)

for _w in (
    Writer("html", lambda r, p, o: write_html(r, p, o.sort), "self-contained HTML review page"),
    Writer("tmx", lambda r, p, o: write_tmx(r, p), "aligned pairs as TMX 1.4b"),
    Writer("xliff", lambda r, p, o: write_xliff(r, p, o.xliff_version, o.decisions), "aligned pairs as XLIFF (flagged units marked)",
           check=lambda o: check_xliff_version(o.xliff_version)),
    Writer("csv", lambda r, p, o: write_csv(r, p, raw=o.csv_raw), "one row per aligned pair, CSV"),
    Writer("tsv", lambda r, p, o: write_tsv(r, p, raw=o.csv_raw), "one row per aligned pair, TSV"),
    Writer("jsonl", lambda r, p, o: write_jsonl(r, p), "one JSON object per aligned pair"),
    Writer("junit", lambda r, p, o: write_junit(r, p, o.junit_fail_on, o.gates), "JUnit XML for CI"),
):
    WRITERS.register(_w.name, _w)


def output_paths(named: dict[str, object], write: list[str] | None = None) -> dict[str, str]:
    """Writer name -> path from the options that name one writer each (``named``, None
    where not given) and the ``--write NAME=PATH`` items. Raises ConfigError."""
    paths = {k: str(v) for k, v in named.items() if v is not None}
    for item in write or []:
        name, sep, path = item.partition("=")
        name, path = name.strip(), path.strip()
        if not sep or not name or not path:
            raise ConfigError(f"--write {item}: not NAME=PATH", "e.g. --write tmx=out.tmx")
        if name in paths:
            raise ConfigError(f"--write {item}: a second path for {name}", "give each output once")
        paths[name] = path
    return paths


def check_outputs(out: Outputs) -> None:
    """Every requested writer exists and accepts its settings (ConfigError otherwise)."""
    for name in out.paths:
        WRITERS.get(name).check(out)


def write_outputs(result: ReviewResult, out: Outputs) -> list[str]:
    """Write every requested file, in the registry's order; return their paths. Raises OutputError."""
    check_outputs(out)
    written: list[str] = []
    for name in WRITERS.names():
        path = out.paths.get(name)
        if path:
            WRITERS.get(name).write(result, path, out)
            written.append(path)
    return written
