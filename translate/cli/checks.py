"""CLI bodies of the flag-stage commands (registered in cli.py):

* ``translate checks``: list the checks (code, severity, what it needs, what it finds);
  ``--config-template`` prints a TOML file with every threshold's default;
* ``translate waive REPORT``: dismiss flags of a JSON report into a waivers file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from .common import cli_errors
from ..checks.config import default_toml
from ..checks.flag import all_checks
from ..checks.waivers import waive_from_report


def checks_command(
    config_template: bool = typer.Option(False, "--config-template", help="Print a TOML config with every default and exit."),
) -> None:
    """List the checks of the flag stage (codes for --disable and the config file)."""
    if config_template:
        typer.echo(default_toml())
        return
    table = Table(show_lines=False, expand=False)
    for col in ("code", "severity", "needs", "finds"):
        table.add_column(col)
    for c in all_checks():
        needs = ", ".join(n for n, v in (("source", c.needs_source), ("re-translation", c.needs_translation), ("token scores", c.needs_token_scores)) if v) or "rendering only"
        table.add_row(c.code, c.severity.value, needs, c.description)
    Console(highlight=False).print(table)


def waive_command(
    report: Path = typer.Argument(..., help="JSON report written by translate review --json."),
    waivers: Path = typer.Option(..., "--waivers", "-w", help="Waivers file to create or extend (JSON)."),
    key: Optional[list[str]] = typer.Option(None, "--key", help="Flag key (or unique prefix) from the report; repeatable."),
    code: Optional[list[str]] = typer.Option(None, "--code", help="Waive flags of this check code; repeatable."),
    link: Optional[list[int]] = typer.Option(None, "--link", help="Waive flags of this link index; repeatable."),
    all_flags: bool = typer.Option(False, "--all", help="Waive every flag of the report."),
    reason: str = typer.Option("", "--reason", help="Why the flag is dismissed (kept in the file)."),
    by: str = typer.Option("", "--by", help="Who dismissed it."),
) -> None:
    """Dismiss flags: the next review with --waivers FILE marks them waived, until the pair's text changes."""
    with cli_errors("waive"):
        added = waive_from_report(report, waivers, key, code, link, all_flags, reason, by)
    for w in added:
        typer.echo(f"waived {w.code} {w.key}: {' '.join(w.rendering.split())[:70]}")
    typer.echo(f"{len(added)} new waiver(s) in {waivers}")
