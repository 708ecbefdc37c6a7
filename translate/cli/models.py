"""`translate models`: the known routes and their local copies (list, pull, convert, info), and the engines.

The catalogue itself (routes, sizes, what is cached) is :mod:`translate.mt.catalogue`;
this module only parses and prints.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from ..errors import ConfigError
from ..mt.catalogue import hub_cache, info, list_rows, pull
from ..mt.ct2 import convert_model
from ..mt.registry import ENGINES, resolve_engine
from .common import cli_errors



def cmd_list(console, as_json: bool, src: str | None, tgt: str | None) -> None:
    rows = list_rows(src, tgt)
    if as_json:
        console.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title=f"known routes (HF cache: {hub_cache()})")
    for col in ("route", "pair", "models (--model)", "target token", "~size", "local", "ct2"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["route"], r["pair"], r["spec"], r["target_token"] or "-", f"{r['size_mb']} MB",
                      "yes" if r["cached"] else "no", "yes" if r["converted"] else "no")
    console.print(table)
    console.print("pull a route with `translate models pull ROUTE`; use it with "
                  "`translate review --model MODELS [--target-token TOKEN]`", markup=False)


def cmd_pull(console, name: str) -> None:
    for folder in pull(name):
        console.print(f"{folder}", markup=False)


def cmd_convert(console, model: str, out: Path | None, quantization: str | None, device: str | None, force: bool) -> None:
    if quantization and quantization not in ("int8", "int8_float16", "float16", "bfloat16", "float32"):
        raise ConfigError(f"unknown quantization {quantization!r}", "use int8, float16, bfloat16 or float32")
    folder = convert_model(model, out, quantization=quantization, device=device, force=force)
    console.print(str(folder), markup=False)


def cmd_info(console, model: str, as_json: bool) -> None:
    data = info(model)
    if as_json:
        console.print_json(json.dumps(data, ensure_ascii=False))
        return
    for key, value in data.items():
        console.print(f"{key}: {value}", markup=False)


def cmd_engines(console, as_json: bool) -> None:
    """Every engine ``--backend`` accepts: the built-in ones and those of installed plug-ins
    (entry points ``translate.engines``), whether each can run here, and which ``auto`` picks."""
    try:
        auto = resolve_engine("auto")  # the registry's own choice, not a second copy of its ranking
    except ConfigError:  # no engine installed: the table says so, row by row
        auto = None
    rows = [{"engine": e.name, "available": e.available(), "auto": e.name == auto, "hint": "" if e.available() else e.hint}
            for e in ENGINES]
    if as_json:
        console.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title="re-translation engines (--backend NAME; auto = the first available by rank)")
    for col in ("engine", "available", "auto picks it", "to install"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["engine"], "yes" if r["available"] else "no", "yes" if r["auto"] else "", r["hint"] or "-")
    console.print(table)


def build_app():
    """The `translate models` Typer sub-app (registered in cli/main.py)."""
    app = typer.Typer(help="Known translation routes, and their local copies: list, pull, convert, info; engines: what --backend accepts.",
                      no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

    def run(fn, *args) -> None:
        with cli_errors("models"):
            fn(Console(highlight=False, soft_wrap=True), *args)

    @app.command("list")
    def list_cmd(
        src: Optional[str] = typer.Option(None, "--src-lang", help="Only routes from this language."),
        tgt: Optional[str] = typer.Option(None, "--tgt-lang", help="Only routes to this language."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """List the known routes, their size and whether they are in the local cache."""
        run(cmd_list, as_json, src, tgt)

    @app.command("pull")
    def pull_cmd(name: str = typer.Argument(..., help="A route name from `models list`, or a hub model name.")) -> None:
        """Download a route's models into the Hugging Face cache (needs network; honours HF_HOME)."""
        run(cmd_pull, name)

    @app.command("convert")
    def convert_cmd(
        model: str = typer.Argument(..., help="Transformers model folder, or a hub name in the local cache."),
        out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder (default: the engine cache)."),
        quantization: Optional[str] = typer.Option(None, "--quantization", help="int8 (CPU default), float16 (CUDA default), float32."),
        device: Optional[str] = typer.Option(None, "--device", help="cpu, cuda or auto (picks the default quantization)."),
        force: bool = typer.Option(False, "--force", help="Convert again even when a converted copy exists."),
    ) -> None:
        """Convert a MarianMT model to CTranslate2 (done automatically on first use by --backend ctranslate2)."""
        run(cmd_convert, model, out, quantization, device, force)

    @app.command("engines")
    def engines_cmd(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
        """List the re-translation engines --backend accepts, plug-ins included, and which are installed."""
        run(cmd_engines, as_json)

    @app.command("info")
    def info_cmd(
        model: str = typer.Argument(..., help="Route name, hub model name, or local folder."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Show what is known locally about a model: folder, size, dimensions, target tokens, conversions."""
        run(cmd_info, model, as_json)

    return app
