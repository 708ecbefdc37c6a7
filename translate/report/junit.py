"""JUnit XML for CI dashboards: one test case per flagged aligned pair.

A pair with a flag at the ``--fail-on`` level or worse (the library default: warning)
is a failing test case (``<failure>``, type =
the worst flag's code, the message its reason, the body every flag of the pair with
the source and rendering); a pair with only info flags passes and carries its notes in
``<system-out>``. Document-level flags get a test case of their own. A review without
any flag writes a single passing test case, so dashboards still see a run. Document
scores, signatures and skipped stages are suite ``<properties>``.

The format is the common Jenkins/Ant dialect (testsuites > testsuite > testcase)
that junitparser, GitLab and GitHub test reporters read.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from datetime import datetime, timezone

from lxml import etree

from ..data import Flag, ReviewResult, Severity
from .export import _xml_text, document_flags, note_text, pairs
from ..atomic import atomic_open
from .core import Gate, summary

_FAILING = (Severity.ERROR, Severity.WARNING)


def _case_body(flags: list[Flag], source: str | None, rendering: str | None) -> str:
    lines = [note_text(f) for f in flags]
    if source is not None:
        lines.append(f"source:    {source or '(none: not in the source)'}")
    if rendering is not None:
        lines.append(f"rendering: {rendering or '(none: missing in the rendering)'}")
    return _xml_text("\n".join(lines))


def _add_case(suite, name: str, classname: str, flags: list[Flag], file: str, line: int | None,
              source: str | None, rendering: str | None, fail_on: Severity | None = Severity.WARNING) -> bool:
    """Append a test case; return True when it fails (a flag at ``fail_on`` or worse;
    ``None``, as with ``--fail-on never``, fails none)."""
    case = etree.SubElement(suite, "testcase", name=_xml_text(name), classname=classname, time="0")
    if file:
        case.set("file", _xml_text(file))
    if line:
        case.set("line", str(line))
    failing = [f for f in flags if fail_on is not None and not f.waived and f.severity >= fail_on]
    body = _case_body(flags, source, rendering)
    if failing:
        worst = max(failing, key=lambda f: f.severity.rank)
        more = f" (+{len(flags) - 1} more)" if len(flags) > 1 else ""
        failure = etree.SubElement(case, "failure", type=worst.code,
                                   message=_xml_text(f"{worst.severity.value}: {worst.message}{more}"))
        failure.text = body
        return True
    if flags:
        etree.SubElement(case, "system-out").text = body
    return False


def build_junit(result: ReviewResult, fail_on: Severity | None = Severity.WARNING,
                gates: Sequence[Gate] = ()) -> etree._Element:
    """The JUnit tree. A pair's case fails when it has a flag at ``fail_on`` or worse
    (the CLI passes its ``--fail-on``; the library default is warning). Each quality
    gate (``--fail-under-chrf/-bleu``) is a test case of its own."""
    target = str(result.meta.get("target") or "")
    base = os.path.basename(target) or "rendering"
    classname = "translate.review." + "".join(c if c.isalnum() else "_" for c in base)
    root = etree.Element("testsuites", name="translate review")
    suite = etree.SubElement(root, "testsuite", name=_xml_text(f"translate review: {base}"),
                             timestamp=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S"),
                             hostname=_xml_text(socket.gethostname() or "localhost"))
    props = etree.SubElement(suite, "properties")
    s = summary(result)
    prop_items = [("source", result.meta.get("source")), ("target", target), ("system", result.meta.get("system")),
                  ("aligned_pairs", s["links"]), ("flagged_pairs", s["flagged_links"])]
    ds = result.doc_scores
    if ds is not None:
        prop_items += [("bleu", f"{ds.bleu:.2f}"), ("chrf", f"{ds.chrf:.2f}"), ("chrfpp", f"{ds.chrfpp:.2f}")]
        prop_items += [(f"signature.{k}", v) for k, v in ds.signatures.items()]
    prop_items += [(f"skipped.{i}", line) for i, line in enumerate(result.skipped)]
    stages = result.meta.get("stages") or {}
    prop_items += [(f"stage.{name}", "ran") for name in stages.get("ran", [])]
    prop_items += [(f"stage.{name}", f"skipped: {why}") for name, why in (stages.get("skipped") or {}).items()]
    for name, value in prop_items:
        if value is not None and value != "":
            etree.SubElement(props, "property", name=name, value=_xml_text(str(value)))

    tests = failures = 0
    doc_flags = document_flags(result)
    if doc_flags:
        tests += 1
        failures += _add_case(suite, "document", classname, doc_flags, target, None, None, None, fail_on)
    tgt = result.target
    for rec in pairs(result):
        if not rec.flags:
            continue
        line = None
        if rec.tgt:
            line = tgt.document.line_col(tgt.segments[rec.tgt[0]].start)[0]
        preview = " ".join((rec.rendering or rec.source).split())
        preview = preview if len(preview) <= 60 else preview[:59] + "\u2026"
        name = f"pair {rec.index} ({rec.type}): {preview}"
        tests += 1
        failures += _add_case(suite, name, classname, rec.flags, target, line,
                              rec.source if result.source is not None else None, rec.rendering, fail_on)
    for gate in gates:
        tests += 1
        case = etree.SubElement(suite, "testcase", name=_xml_text(gate.name), classname=classname, time="0")
        if not gate.passed:
            failures += 1
            etree.SubElement(case, "failure", type="quality-gate", message=_xml_text(gate.message))
    if tests == 0:
        tests = 1
        _add_case(suite, f"all {s['links']} aligned pairs clean", classname, [], target, None, None, None)
    for el in (root, suite):
        el.set("tests", str(tests))
        el.set("failures", str(failures))
        el.set("errors", "0")
        el.set("skipped", "0")
        el.set("time", "0")
    return root


def junit_bytes(result: ReviewResult, fail_on: Severity | None = Severity.WARNING, gates: Sequence[Gate] = ()) -> bytes:
    return etree.tostring(build_junit(result, fail_on, gates), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_junit(result: ReviewResult, path: str | os.PathLike[str], fail_on: Severity | None = Severity.WARNING,
                gates: Sequence[Gate] = ()) -> None:
    with atomic_open(path, "wb") as fh:
        fh.write(junit_bytes(result, fail_on, gates))
