"""Waivers: a translator dismisses a flag; the next run does not raise it again.

A waiver is keyed by the flag's content key (:func:`translate.checks.flag.flag_key`: a
hash of the check code, the source text and the rendering text of the pair), so
it survives re-runs, re-ordering and edits elsewhere in the document, and
expires by itself when the pair's text changes. Waived flags stay in the report
with ``waived: true`` but do not count for ``--fail-on`` or the summary.

The file is small, human-readable JSON::

    {"schema": "translate-waivers", "version": 1,
     "waivers": [{"key": "3f2a...", "code": "number-mismatch",
                  "source": "...", "rendering": "...", "reason": "rounded on purpose",
                  "by": "anna", "date": "2026-11-28"}]}

The HTML review page exports the same file from the translator's decisions, with one
more list, ``"decisions"``: every decided flag (``false-alarm``, ``fixed`` or ``to-do``,
with the comment). Its false alarms are the ``waivers``; the XLIFF export reads the
decisions for the units' ``state`` (:func:`load_decisions`).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from ..atomic import atomic_write_text
from ..data import Flag
from ..errors import ConfigError, InputError

SCHEMA = "translate-waivers"
VERSION = 1


@dataclass
class Waiver:
    key: str
    code: str
    source: str = ""
    rendering: str = ""
    reason: str = ""
    by: str = ""
    date: str = ""


def load_waivers(path: str | os.PathLike[str] | None) -> dict[str, Waiver]:
    """Waivers by key; an absent file is an empty set (the first ``waive`` creates it)."""
    if path is None:
        return {}
    p = Path(path)
    if not p.exists():
        return {}
    if p.is_dir():
        raise ConfigError(f"{p}: is a directory, not a waivers file", "give a .json file path")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: not a valid waivers file ({exc})", "fix or delete it") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("waivers"), list):
        raise ConfigError(f"{p}: not a translate waivers file", f'expected {{"schema": "{SCHEMA}", "waivers": [...]}}')
    out: dict[str, Waiver] = {}
    for item in data["waivers"]:
        if not isinstance(item, dict) or not isinstance(item.get("key"), str) or not isinstance(item.get("code"), str):
            raise ConfigError(f"{p}: a waiver lacks 'key' or 'code'", "each waiver needs both")
        w = Waiver(**{k: str(v) for k, v in item.items() if k in Waiver.__dataclass_fields__})
        out[w.key] = w
    return out


DECISIONS = ("false-alarm", "fixed", "to-do")


def load_decisions(path: str | os.PathLike[str] | None) -> dict[tuple[str, str], str]:
    """Decisions by (flag key, check code): every waiver is a ``false-alarm``; the page's
    ``decisions`` list adds ``fixed`` and ``to-do`` (and may restate false alarms)."""
    out = {(w.key, w.code): "false-alarm" for w in load_waivers(path).values()}
    if path is None or not Path(path).is_file():
        return out
    data = json.loads(Path(path).read_text(encoding="utf-8"))  # valid: load_waivers read it
    items = data.get("decisions", [])
    if not isinstance(items, list):
        raise ConfigError(f"{path}: 'decisions' is not a list", "export the file again from the review page")
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("key"), str) or not isinstance(item.get("code"), str):
            raise ConfigError(f"{path}: a decision lacks 'key' or 'code'", "each decision needs both")
        d = item.get("decision")
        if d in (None, ""):
            continue  # a comment without a decision
        if d not in DECISIONS:
            raise ConfigError(f"{path}: unknown decision {d!r}", f"use one of {', '.join(DECISIONS)}")
        out[(item["key"], item["code"])] = d
    return out


def save_waivers(path: str | os.PathLike[str], waivers: dict[str, Waiver]) -> None:
    data = {"schema": SCHEMA, "version": VERSION, "waivers": [asdict(w) for w in sorted(waivers.values(), key=lambda w: (w.code, w.key))]}
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def apply_waivers(flags: list[Flag], waivers: dict[str, Waiver]) -> tuple[int, int]:
    """Mark flags whose key is waived. Returns (waived flags, stale waivers).

    A stale waiver matched nothing this run: its pair changed or disappeared."""
    used: set[str] = set()
    n = 0
    for f in flags:
        w = waivers.get(f.key)
        if w is not None and w.code == f.code:
            f.waived = True
            used.add(f.key)
            n += 1
    return n, len(set(waivers) - used)


def waive_from_report(
    report_path: str | os.PathLike[str],
    waivers_path: str | os.PathLike[str],
    keys: list[str] | None = None,
    codes: list[str] | None = None,
    links: list[int] | None = None,
    all_flags: bool = False,
    reason: str = "",
    by: str = "",
) -> list[Waiver]:
    """Add waivers for flags selected from a JSON report (``translate review --json``).

    Select by flag key (a unique prefix is enough), by check code, by link index,
    or all flags; selectors combine with AND. Returns the waivers added."""
    p = Path(report_path)
    if not p.is_file():
        raise InputError(f"{p}: report not found", "write one with translate review ... --json report.json")
    try:
        report = json.loads(p.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InputError(f"{p}: not a JSON report", "give the file written by --json") from None
    if not isinstance(report, dict) or not isinstance(report.get("flags"), list) or not isinstance(report.get("links"), list):
        raise InputError(f"{p}: not a translate review report", "give the file written by translate review --json")
    if not (keys or codes or links is not None and links or all_flags):
        raise ConfigError("nothing selected to waive", "give --key KEY, --code CODE, --link N or --all")
    selected = []
    for f in report["flags"]:
        if not f.get("key"):
            continue
        if keys and not any(f["key"].startswith(k) for k in keys):
            continue
        if codes and f["code"] not in codes:
            continue
        if links and f["link"] not in links:
            continue
        selected.append(f)
    if keys:
        for k in keys:
            hits = {f["key"] for f in report["flags"] if f.get("key", "").startswith(k)}
            if not hits:
                raise ConfigError(f"no flag with key {k} in {p}", "copy the key from the report's flags")
    if not selected:
        raise ConfigError(f"no flag in {p} matches the selection", "check --code/--link/--key against the report")
    existing = load_waivers(waivers_path)
    added = []
    today = _dt.date.today().isoformat()
    for f in selected:
        link = report["links"][f["link"]] if 0 <= f["link"] < len(report["links"]) else {}
        w = Waiver(f["key"], f["code"], link.get("src_text", ""), link.get("tgt_text", ""), reason, by, today)
        if f["key"] not in existing:
            added.append(w)
        existing[f["key"]] = w
    save_waivers(waivers_path, existing)
    return added
