"""A :class:`~translate.checks.config.FlagConfig` from a TOML file, ``--set NAME=VALUE`` and
``--disable CODE`` (the file layout is in :mod:`translate.checks.config`).

Check codes are validated against the registry (the project's checks and plug-ins), so this
module sits above it; ``config`` itself imports no check, which the checks' own annotations
of ``FlagConfig`` rely on.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .config import SEVERITIES, THRESHOLD_FIELDS, FlagConfig, coerce_threshold
from .registry import check_codes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _validate_codes(codes: set[str], where: str) -> None:
    known = set(check_codes())  # the project's checks and plug-ins (translate.checks entry points)
    bad = sorted(codes - known)
    if bad:
        raise ConfigError(f"{where}: unknown check code(s) {', '.join(bad)}", "known: " + ", ".join(sorted(known)))


def load_config(path: str | Path | None, base: FlagConfig | None = None) -> FlagConfig:
    """Read a TOML config over ``base`` (defaults when None)."""
    cfg = base or FlagConfig()
    if path is None:
        return cfg
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"{p}: config file not found", "check the --config path")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: not valid TOML ({exc})", "fix the syntax") from None
    return config_from_dict(data, str(p), cfg)


def config_from_dict(data: dict[str, Any], where: str = "config", base: FlagConfig | None = None) -> FlagConfig:
    cfg = base or FlagConfig()
    for key, value in data.items():
        if key == "disabled":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: 'disabled' must be a list of check codes", 'e.g. disabled = ["length-ratio"]')
            _validate_codes(set(value), where)
            cfg.disabled |= set(value)
        elif key == "thresholds":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [thresholds] must be a table", "write it as a [thresholds] section")
            for name, v in value.items():
                setattr(cfg, name, coerce_threshold(name, v, where))
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [severity] must be a table", "write it as a [severity] section")
            _validate_codes(set(value), where)
            for code, sev in value.items():
                if str(sev).lower() not in SEVERITIES:
                    raise ConfigError(f"{where}: severity of '{code}' must be info, warning or error", f"got {sev!r}")
                cfg.severity[code] = str(sev).lower()
        elif key in THRESHOLD_FIELDS:  # a threshold at top level is accepted too
            setattr(cfg, key, coerce_threshold(key, value, where))
        else:
            raise ConfigError(f"{where}: unknown key '{key}'", "top-level keys: disabled, [thresholds], [severity]")
    return cfg


def apply_overrides(cfg: FlagConfig, settings: list[str] | None = None, disable: list[str] | None = None) -> FlagConfig:
    """CLI overrides: ``NAME=VALUE`` thresholds and check codes to disable."""
    for item in settings or []:
        if "=" not in item:
            raise ConfigError(f"--set {item!r}: expected NAME=VALUE", "e.g. --set chrf_error=25")
        name, value = (s.strip() for s in item.split("=", 1))
        setattr(cfg, name, coerce_threshold(name, value, "--set"))
    if disable:
        codes = {c.strip() for item in disable for c in item.split(",") if c.strip()}
        _validate_codes(codes, "--disable")
        cfg.disabled |= codes
    return cfg
