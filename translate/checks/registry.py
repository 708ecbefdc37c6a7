"""The checks of the flag stage by code: the project's own (:data:`translate.checks.ALL_CHECKS`)
and any a package declares in the ``translate.checks`` entry points (docs/extending.md).

:func:`translate.checks.flag.flag` runs :func:`default_checks` unless given ``checks=``;
:mod:`translate.checks.config` validates check codes (``disabled``, ``[severity]``, ``--disable``)
against :func:`check_codes`; ``translate checks`` lists them.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import ALL_CHECKS, Check
from ..errors import ConfigError
from ..plugins import Registry


def _check_class(name: str, obj: object) -> type[Check]:
    if not (isinstance(obj, type) and issubclass(obj, Check)):
        raise ConfigError(f"check plug-in {name} is not a translate.checks.Check subclass",
                          "see docs/extending.md (checks)")
    if obj.code != name:
        raise ConfigError(f"check plug-in {name}: its code is {obj.code!r}, not the entry point's name",
                          "give the entry point the check's code as its name")
    return obj


CHECKS: Registry[type[Check]] = Registry("translate.checks", "check", _check_class)
for _cls in ALL_CHECKS:
    CHECKS.register(_cls.code, _cls)


def check_codes() -> list[str]:
    """Every check code: the project's own, in run order, then plug-ins, sorted."""
    return CHECKS.names()


def default_checks() -> list[Check]:
    """One instance of every registered check (plug-ins included)."""
    return [cls() for cls in CHECKS]


def resolve_checks(checks: Iterable[Check | type[Check] | str]) -> list[Check]:
    """Check instances from instances, Check subclasses or codes (a code must be registered)."""
    out: list[Check] = []
    for c in checks:
        if isinstance(c, str):
            out.append(CHECKS.get(c)())
        elif isinstance(c, type) and issubclass(c, Check):
            out.append(c())
        elif isinstance(c, Check):
            out.append(c)
        else:
            raise ConfigError(f"checks=: {c!r} is not a check", "give Check instances, Check subclasses or check codes")
    return out
