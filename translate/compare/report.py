"""Outputs of `translate compare`: the JSON report (``to_dict``, the one source of
every other output), a terminal table that fits 80 columns (no colour in pipes:
rich turns colour off when stdout is not a terminal), and a self-contained HTML
page (inline CSS and a small sortable-table script, every text escaped).
"""

from __future__ import annotations

import html
import json
import os
import re

from rich import box
from rich.console import Console
from rich.table import Table

from ..version import __version__
from ..atomic import atomic_write_text
from .core import LOWER_IS_BETTER, METRICS, Comparison, Inputs

SCHEMA_ID = "translate-compare"
SCHEMA_VERSION = "1.0"
ALPHA = 0.05
TEST_NAMES = {"bs": "paired bootstrap resampling", "ar": "approximate randomization"}


def reference_free_note(d: dict) -> str:
    return (
        "REFERENCE-FREE: no human reference was given. Scores measure agreement with "
        f"{'; '.join(d['reference']['description'])}, not translation quality; a system close "
        "to it scores high whether it is right or not."
    )


def _r(x: float | None, nd: int = 4) -> float | None:
    return None if x is None else round(float(x), nd)


def to_dict(inputs: Inputs, c: Comparison, command: str = "") -> dict:
    """The versioned JSON report."""
    systems = []
    for k, name in enumerate(c.systems):
        systems.append(
            {
                "name": name,
                "path": inputs.system_paths[k] if k < len(inputs.system_paths) else None,
                "rank": c.ranking.index(name) + 1,
                "scores": {m: _r(c.corpus[name][m].score) for m in METRICS},
                "bleu_detail": c.corpus[name]["BLEU"].verbose,
                "likelihood": None if c.likelihood is None else _r(c.likelihood.get(name)),
            }
        )
    first = c.systems[0]
    tests = []
    for t in c.tests:
        results = {}
        for name, per_metric in t.results.items():
            results[name] = {
                m: {
                    "score": _r(r.score),
                    "delta": None if name == t.baseline else _r(r.score - t.results[t.baseline][m].score),
                    "p_value": _r(r.p_value),
                    "significant": None if r.p_value is None else r.p_value < ALPHA,
                    "mean": _r(r.mean),
                    "ci95": _r(r.ci),
                }
                for m, r in per_metric.items()
            }
        tests.append(
            {
                "test": t.kind,
                "name": TEST_NAMES[t.kind],
                "samples": t.n,
                "seed": t.seed,
                "baseline": t.baseline,
                "alpha": ALPHA,
                "signatures": t.signatures,
                "results": results,
            }
        )
    segments = []
    for i in range(c.n_segments):
        segments.append(
            {
                "index": i,
                "label": inputs.labels[i] if i < len(inputs.labels) else str(i + 1),
                "docid": inputs.docids[i] if inputs.docids else None,
                "source": inputs.source[i] if inputs.source is not None else None,
                "references": [r[i] for r in inputs.references],
                "outputs": {name: hyps[i] for name, hyps in inputs.systems},
                "scores": {name: {k: _r(v, 2) for k, v in c.segment_scores[name][i].items()} for name in c.systems},
                "spread": _r(c.spread[i], 2),
            }
        )

    def buckets(bs):
        return [{"bucket": b.label, "count": b.count, "scores": {n: {k: _r(v, 2) for k, v in s.items()} for n, s in b.scores.items()}, **({"hyp_words": b.extra} if b.extra else {})} for b in bs]

    d = {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "tool_version": __version__,
        "command": command,
        "mode": inputs.mode,
        "reference_free": c.reference_free,
        "reference": {
            "kind": "pseudo-reference" if c.reference_free else "reference",
            "count": c.n_references,
            "description": c.reference_desc,
        },
        "source": inputs.source_path,
        "segments_count": c.n_segments,
        "baseline": c.baseline,
        "rank_by": c.rank_by,
        "ranking": c.ranking,
        "signatures": {m: c.corpus[first][m].signature for m in METRICS},
        "systems": systems,
        "significance": tests,
        "likelihood": {"values": {n: _r(v) for n, v in c.likelihood.items()}, "note": c.likelihood_note}
        if c.likelihood is not None
        else ({"values": None, "note": c.likelihood_note} if c.likelihood_note else None),
        "buckets": {
            "length": {"basis": c.length_basis, "measure": "corpus chrF2 and BLEU", "buckets": buckets(c.length_buckets)},
            "frequency": {
                "basis": c.freq_basis,
                "measure": "word precision/recall/F1 (%), clipped bag-of-words match per segment; count = reference words",
                "buckets": buckets(c.freq_buckets),
            },
        },
        "documents": None if c.documents is None else buckets(c.documents),
        "disagreement": {"measure": "max - min sentence chrF2 across systems", "order": c.disagreement},
        "per_segment": segments,
        "warnings": list(inputs.warnings),
        "notes": list(inputs.notes) + list(c.notes),
    }
    if c.reference_free:
        d["reference_free_note"] = reference_free_note(d)
    return d


def write_json(report: dict, path: str | os.PathLike[str]) -> None:
    atomic_write_text(path, json.dumps(report, ensure_ascii=False, indent=2) + "\n")


# ---------------------------------------------------------------- terminal


def _fmt(x: float | None, nd: int = 1) -> str:
    return "-" if x is None else f"{x:.{nd}f}"


def _p(p: float | None) -> str:
    if p is None:
        return ""
    return f"{p:.4f}" + ("*" if p < ALPHA else " ")


def render_terminal(d: dict, console: Console, top: int = 5, quiet: bool = False) -> None:
    """Tables that fit 80 columns; plain text when not on a terminal."""
    ref = d["reference"]
    n_sys = len(d["systems"])
    head = f"{n_sys} system(s), {d['segments_count']} segments"
    if d["reference_free"]:
        console.print(reference_free_note(d), markup=False)
    else:
        head += f", {ref['count']} reference(s): {', '.join(ref['description'])}"
    console.print(head, markup=False, soft_wrap=True)

    t = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=None)
    t.add_column("rank", justify="right")
    t.add_column("system", overflow="fold")
    for m in METRICS:
        t.add_column(m + (" \u2193" if m in LOWER_IS_BETTER else ""), justify="right")
    if d["likelihood"] and d["likelihood"]["values"]:
        t.add_column("logp/tok", justify="right")
    for s in sorted(d["systems"], key=lambda s: s["rank"]):
        row = [str(s["rank"]), s["name"] + (" (baseline)" if s["name"] == d["baseline"] and n_sys > 1 else "")]
        row += [_fmt(s["scores"][m], 2) for m in METRICS]
        if d["likelihood"] and d["likelihood"]["values"]:
            row.append(_fmt(s["likelihood"], 3))
        t.add_row(*row)
    console.print(t)
    console.print(f"ranked by {d['rank_by']}; TER: lower is better", markup=False)
    if quiet:
        _footer(d, console)
        return

    if d["significance"]:
        tests = d["significance"]
        desc = ", ".join(f"{TEST_NAMES[x['test']]} n={x['samples']}" for x in tests)
        console.print(f"\nSignificance against the baseline {d['baseline']} ({desc}, seed {tests[0]['seed']}); * p < {ALPHA}", markup=False)
        st = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        st.add_column("system", overflow="fold")
        st.add_column("metric")
        st.add_column("score", justify="right")
        st.add_column("delta", justify="right")
        st.add_column("mean \u00b1 95% CI", justify="right")
        for x in tests:
            st.add_column(f"p ({x['test']})", justify="right")
        ci_test = tests[0]
        for s in d["systems"]:
            name = s["name"]
            if name == d["baseline"]:
                continue
            for m in METRICS:
                r0 = ci_test["results"][name][m]
                row = [name, m, _fmt(r0["score"], 2), f"{r0['delta']:+.2f}", f"{r0['mean']:.2f} \u00b1 {r0['ci95']:.2f}" if r0["mean"] is not None else ""]
                row += [_p(x["results"][name][m]["p_value"]) for x in tests]
                st.add_row(*row)
        base = ci_test["results"][d["baseline"]]
        if base["chrF2"]["mean"] is not None:
            st.add_row(d["baseline"], "chrF2", _fmt(base["chrF2"]["score"], 2), "base", f"{base['chrF2']['mean']:.2f} \u00b1 {base['chrF2']['ci95']:.2f}", *[""] * len(tests))
        console.print(st)

    names = [s["name"] for s in d["systems"]]
    lb = d["buckets"]["length"]
    console.print(f"\nchrF2 by segment length ({lb['basis']})", markup=False)
    bt = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    bt.add_column("length")
    bt.add_column("segs", justify="right")
    for n in names:
        bt.add_column(n, justify="right", overflow="fold")
    for b in lb["buckets"]:
        bt.add_row(b["bucket"], str(b["count"]), *[_fmt(b["scores"][n]["chrF2"]) for n in names])
    console.print(bt)

    fb = d["buckets"]["frequency"]
    console.print(f"\nWord F1 by word frequency ({fb['basis']})", markup=False)
    ft = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    ft.add_column("freq")
    ft.add_column("ref words", justify="right")
    for n in names:
        ft.add_column(n, justify="right", overflow="fold")
    for b in fb["buckets"]:
        if not b["count"]:
            continue  # no reference word this frequent: F1 undefined (precision is in the JSON/HTML)
        ft.add_row(b["bucket"], str(b["count"]), *[_fmt(b["scores"][n]["f1"]) for n in names])
    console.print(ft)

    if d["documents"]:
        docs = d["documents"]
        wins = {n: 0 for n in names}
        for b in docs:
            best = max(names, key=lambda n: b["scores"][n]["chrF2"])
            wins[best] += 1
        console.print(
            f"\nPer document ({len(docs)} documents), best chrF2 in: "
            + ", ".join(f"{n} {wins[n]}" for n in names),
            markup=False,
        )
        if top and len(names) > 1:
            spread = sorted(docs, key=lambda b: -(max(b["scores"][n]["chrF2"] for n in names) - min(b["scores"][n]["chrF2"] for n in names)))
            dt = Table(box=box.SIMPLE_HEAD, pad_edge=False)
            dt.add_column("document", overflow="fold")
            dt.add_column("segs", justify="right")
            for n in names:
                dt.add_column(n, justify="right", overflow="fold")
            for b in spread[:top]:
                dt.add_row(b["bucket"], str(b["count"]), *[_fmt(b["scores"][n]["chrF2"]) for n in names])
            console.print(dt)

    if top and len(names) > 1:
        order = d["disagreement"]["order"][:top]
        console.print(f"\nSegments where the systems disagree most (sentence chrF2, top {len(order)})", markup=False)
        gt = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        gt.add_column("seg", justify="right", no_wrap=True)
        gt.add_column("spread", justify="right", no_wrap=True)
        used = 18
        for n in names:
            gt.add_column(n, justify="right", overflow="fold")
            used += max(len(n), 5) + 3
        room = console.width - used
        if room >= 16:  # the reference text only when it has room
            gt.add_column("reference", no_wrap=True, overflow="ellipsis", max_width=min(40, room))
        for i in order:
            seg = d["per_segment"][i]
            row = [seg["label"], _fmt(seg["spread"]), *[_fmt(seg["scores"][n]["chrF2"]) for n in names]]
            if room >= 16:
                row.append(seg["references"][0] if seg["references"] else "")
            gt.add_row(*row)
        console.print(gt)
    _footer(d, console)


def _footer(d: dict, console: Console) -> None:
    console.print("\nsignatures:", markup=False)
    for m, sig in d["signatures"].items():
        console.print(f"  {m}: {sig}", markup=False, soft_wrap=True)
    for x in d["significance"]:
        console.print(f"  {x['test']} (chrF2): {x['signatures'].get('chrF2', '')}", markup=False, soft_wrap=True)
    lk = d.get("likelihood")
    if lk and lk.get("note"):
        console.print(f"note: {lk['note']}", markup=False)
    for line in d["notes"]:
        console.print(f"note: {line}", markup=False)
    for line in d["warnings"]:
        console.print(f"warning: {line}", markup=False)
    if d["reference_free"]:
        console.print("note: reference-free comparison (no human reference); see the first line", markup=False)


# ---------------------------------------------------------------- HTML

_CSS = """
:root{--line:#d9d9de;--muted:#5f6368;--bg:#fafafa;--card:#fff;--gap:#f1f1f4;--warn:#8a5a00;--warn-bg:#fff3cd;--err-bg:#fde7e6;--ok:#1e6b34}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1280px;padding:16px 24px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:var(--bg);color:#1f1f1f}
h1{font-size:20px;margin:0 0 6px}h2{font-size:16px;margin:24px 0 6px;padding-bottom:2px;border-bottom:1px solid var(--line)}
.meta{color:var(--muted);font-size:13px;overflow-wrap:anywhere}
.banner{background:var(--warn-bg);border-left:6px solid var(--warn);padding:8px 12px;border-radius:4px;margin:10px 0;font-weight:600}
table{border-collapse:collapse;margin:6px 0;font-size:13px;background:var(--card)}th,td{border:1px solid var(--line);padding:3px 8px;vertical-align:top}
th{background:var(--gap);text-align:left;white-space:nowrap}th.sort{cursor:pointer}th.sort:after{content:" \\2195";color:var(--muted)}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}tr.base td{background:var(--gap)}
.sig{color:var(--ok);font-weight:600}.ns{color:var(--warn)}.best{font-weight:700}
code{font-size:12px;overflow-wrap:anywhere}
.seg td.t div{margin:1px 0}.seg .lab{display:inline-block;min-width:7em;font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.seg td.t{max-width:760px}input.filter{font:inherit;padding:3px 8px;width:24em;margin:4px 0;border:1px solid var(--line);border-radius:4px}
.x{background:var(--err-bg);border-radius:2px}
"""

_JS = """
document.querySelectorAll('table.sortable').forEach(function(t){
  t.querySelectorAll('th.sort').forEach(function(th){
    th.addEventListener('click',function(){
      var idx=Array.prototype.indexOf.call(th.parentNode.children,th);
      var body=t.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
      var asc=th.getAttribute('data-dir')!=='asc';th.setAttribute('data-dir',asc?'asc':'desc');
      rows.sort(function(a,b){
        var x=a.cells[idx].getAttribute('data-v')||a.cells[idx].textContent;
        var y=b.cells[idx].getAttribute('data-v')||b.cells[idx].textContent;
        var nx=parseFloat(x),ny=parseFloat(y);
        var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);
        return asc?c:-c;});
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
});
var f=document.getElementById('segfilter');
if(f){f.addEventListener('input',function(){var q=f.value.toLowerCase();
  document.querySelectorAll('#segments tbody tr').forEach(function(r){
    r.style.display=(!q||r.textContent.toLowerCase().indexOf(q)>=0)?'':'none';});});}
"""


_BASE = ' class="base"'


def _e(x: object) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def _marked(text: str, ref_words: set[str]) -> str:
    """Escaped text with the words that are in no reference of the segment marked."""
    parts = re.split(r"(\s+)", text)
    return "".join(
        _e(p) if not p.strip() or p in ref_words else f'<span class="x">{_e(p)}</span>' for p in parts
    )


def _num(x: float | None, nd: int = 2, cls: str = "n") -> str:
    if x is None:
        return f'<td class="{cls}" data-v=""></td>'
    return f'<td class="{cls}" data-v="{x:.6f}">{x:.{nd}f}</td>'


def _head(cols: list[str], sortable: bool = True) -> str:
    cls = ' class="sort"' if sortable else ""
    return "<thead><tr>" + "".join(f"<th{cls}>{_e(c)}</th>" for c in cols) + "</tr></thead>"


def render_html(d: dict) -> str:
    names = [s["name"] for s in d["systems"]]
    out: list[str] = []
    add = out.append
    add("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add(f"<title>translate compare: {_e(', '.join(names))}</title><style>{_CSS}</style></head><body>")
    add("<h1>Comparison of translation systems</h1>")
    ref = d["reference"]
    add(f'<p class="meta">{len(names)} systems &middot; {d["segments_count"]} segments ({_e(d["mode"])}) &middot; '
        f'{_e(ref["kind"])}: {_e("; ".join(ref["description"]))} &middot; translate {_e(d["tool_version"])}</p>')
    if d["command"]:
        add(f'<p class="meta"><code>{_e(d["command"])}</code></p>')
    if d["reference_free"]:
        add(f'<p class="banner" id="reference-free">{_e(d["reference_free_note"])}</p>')

    # corpus scores
    add("<h2>Corpus scores</h2>")
    cols = ["rank", "system"] + [m + (" (lower is better)" if m in LOWER_IS_BETTER else "") for m in METRICS]
    has_lk = bool(d["likelihood"] and d["likelihood"]["values"])
    if has_lk:
        cols.append("log-prob/token")
    add('<table class="sortable" id="corpus">' + _head(cols) + "<tbody>")
    for s in sorted(d["systems"], key=lambda s: s["rank"]):
        base = s["name"] == d["baseline"] and len(names) > 1
        cells = f'<td class="n">{s["rank"]}</td><td>{_e(s["name"])}{" <em>(baseline)</em>" if base else ""}</td>'
        cells += "".join(_num(s["scores"][m]) for m in METRICS)
        if has_lk:
            cells += _num(s["likelihood"], 3)
        add(f"<tr{_BASE if base else ''}>{cells}</tr>")
    add("</tbody></table>")
    add(f'<p class="meta">Ranked by {_e(d["rank_by"])}. Signatures: ' + "; ".join(f"{_e(m)} <code>{_e(sig)}</code>" for m, sig in d["signatures"].items()) + "</p>")
    if d["likelihood"] and d["likelihood"].get("note"):
        add(f'<p class="meta">{_e(d["likelihood"]["note"])}</p>')

    # significance
    for x in d["significance"]:
        add(f"<h2>Significance: {_e(x['name'])} ({x['samples']} samples, seed {x['seed']}) against {_e(x['baseline'])}</h2>")
        with_ci = x["test"] == "bs"  # sacrebleu's AR test gives p-values only
        cols = ["system", "metric", "score", "delta"] + (["mean", "95% CI \u00b1"] if with_ci else []) + ["p-value"]
        add('<table class="sortable">' + _head(cols) + "<tbody>")
        for s in d["systems"]:
            for m in METRICS:
                r = x["results"][s["name"]][m]
                base = s["name"] == x["baseline"]
                p = r["p_value"]
                pcell = '<td class="n"></td>' if p is None else f'<td class="n {"sig" if p < ALPHA else "ns"}" data-v="{p:.6f}">{p:.4f}{"*" if p < ALPHA else ""}</td>'
                delta = '<td class="n"></td>' if r["delta"] is None else f'<td class="n" data-v="{r["delta"]:.6f}">{r["delta"]:+.2f}</td>'
                ci = f'{_num(r["mean"])}{_num(r["ci95"])}' if with_ci else ""
                add(f'<tr{_BASE if base else ""}><td>{_e(s["name"])}{" (baseline)" if base else ""}</td><td>{_e(m)}</td>'
                    f'{_num(r["score"])}{delta}{ci}{pcell}</tr>')
        add("</tbody></table>")
        add(f'<p class="meta">* p &lt; {ALPHA}: the difference to the baseline is unlikely to be chance. Signature (chrF2): <code>{_e(x["signatures"].get("chrF2", ""))}</code></p>')

    def bucket_table(title: str, part: dict, key: str, first: str) -> None:
        add(f"<h2>{_e(title)}</h2><p class=\"meta\">{_e(part['basis'])}; {_e(part['measure'])}</p>")
        add('<table class="sortable">' + _head([first, "count"] + names) + "<tbody>")
        for b in part["buckets"]:
            vals = [b["scores"][n][key] for n in names]
            best = max((v for v in vals if v is not None), default=None)
            cells = "".join(_num(v, 1, "n best" if v == best and len(names) > 1 else "n") for v in vals)
            add(f'<tr><td data-v="{_e(b["bucket"])}">{_e(b["bucket"])}</td><td class="n">{b["count"]}</td>{cells}</tr>')
        add("</tbody></table>")

    bucket_table("chrF2 by segment length", d["buckets"]["length"], "chrF2", "length")
    bucket_table("BLEU by segment length", d["buckets"]["length"], "BLEU", "length")
    bucket_table("Word F1 by word frequency", d["buckets"]["frequency"], "f1", "frequency")
    if d["documents"]:
        bucket_table("chrF2 per document", {"basis": f"{len(d['documents'])} documents (--docids)", "measure": "corpus chrF2 inside the document", "buckets": d["documents"]}, "chrF2", "document")

    # per-segment view
    add("<h2>Per segment</h2>")
    add('<p class="meta">Sentence chrF2 (BLEU in the tooltip) of every system; spread = highest minus lowest. '
        'Words of a system that are in no reference of the segment are <span class="x">marked</span>. '
        'Click a column to sort; type to filter.</p><input class="filter" id="segfilter" placeholder="filter segments">')
    cols = ["#", "seg"] + (["doc"] if d["documents"] else []) + ["spread"] + names + ["texts"]
    add('<table class="sortable seg" id="segments">' + _head(cols) + "<tbody>")
    for seg in d["per_segment"]:
        cells = f'<td class="n">{seg["index"] + 1}</td><td>{_e(seg["label"])}</td>'
        if d["documents"]:
            cells += f"<td>{_e(seg['docid'])}</td>"
        cells += _num(seg["spread"], 1)
        for n in names:
            sc = seg["scores"][n]
            cells += f'<td class="n" data-v="{sc["chrF2"]:.4f}" title="BLEU {sc["BLEU"]:.1f}">{sc["chrF2"]:.1f}</td>'
        texts = []
        if seg["source"] is not None:
            texts.append(f'<div><span class="lab">source</span>{_e(seg["source"])}</div>')
        for k, r in enumerate(seg["references"]):
            lab = "pseudo-ref" if d["reference_free"] else ("reference" if len(seg["references"]) == 1 else f"reference {k + 1}")
            texts.append(f'<div><span class="lab">{lab}</span>{_e(r)}</div>')
        ref_words = {w for r in seg["references"] for w in r.split()}
        for n in names:
            texts.append(f'<div><span class="lab">{_e(n)}</span>{_marked(seg["outputs"][n], ref_words)}</div>')
        cells += f'<td class="t">{"".join(texts)}</td>'
        add(f"<tr>{cells}</tr>")
    add("</tbody></table>")

    if d["warnings"] or d["notes"]:
        add("<h2>Notes</h2><ul>" + "".join(f"<li>warning: {_e(w)}</li>" for w in d["warnings"]) + "".join(f"<li>{_e(n)}</li>" for n in d["notes"]) + "</ul>")
    add(f"<script>{_JS}</script></body></html>")
    return "\n".join(out) + "\n"


def write_html(report: dict, path: str | os.PathLike[str]) -> None:
    atomic_write_text(path, render_html(report))
