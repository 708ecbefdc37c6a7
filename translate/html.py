"""A self-contained HTML review page for translators.

One file, no network, no external assets: CSS and JavaScript are inline, and a
Content-Security-Policy with the SHA-256 hashes of exactly those two blocks forbids
everything else (other scripts, styles, images, fonts, connections). Every piece of
input text goes through :func:`html.escape`; the CSP is a second wall behind that,
so a rendering containing ``<script>`` is shown as text and can never run.

Layout: a header with the files, languages, the system that re-translated, the
document scores with their sacrebleu signatures, what was skipped (e.g. no model),
warnings and document-level flags; then one block per aligned pair with the source
and rendering side by side (omissions and additions shown as an explicit gap), the
flags colour-coded by severity with their messages, suspect spans highlighted inside
the text, and the re-translation behind a ``<details>`` toggle. "Flagged only" hides
clean pairs; j/n and k/p (or the buttons) jump from flag to flag, f toggles the
filter, r opens or closes the current pair's re-translation.

Written by hand on purpose: the page is plain string building around
``html.escape`` — a template engine would add a dependency without making the
escaping any safer.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import os
from html import escape

from . import __version__
from .data import Evidence, Flag, ReviewResult, Segment, Segmentation, Severity
from .atomic import atomic_open
from .report import flag_indices_by_link, link_order, summary

_SEV_ORDER = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}

CSS = """
:root{--err:#b3261e;--err-bg:#fde7e6;--warn:#8a5a00;--warn-bg:#fff3cd;--info:#1b5e9b;--info-bg:#e3f0fb;
--line:#d9d9de;--muted:#5f6368;--bg:#fafafa;--card:#fff;--gap:#f1f1f4}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:var(--bg);color:#1f1f1f}
header.top{padding:16px 24px;background:var(--card);border-bottom:1px solid var(--line)}
h1{font-size:20px;margin:0 0 6px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0;font-size:13px}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}
table.scores{border-collapse:collapse;font-size:13px;margin:8px 0}
table.scores th,table.scores td{border:1px solid var(--line);padding:3px 8px;text-align:left}
table.scores td.num{text-align:right;font-variant-numeric:tabular-nums}
code.sig{font-size:12px;overflow-wrap:anywhere}
.notes{margin:8px 0;padding:0;list-style:none;font-size:13px}
.notes li{padding:4px 8px;border-left:4px solid var(--line);background:var(--gap);margin:2px 0}
.notes li.skipped{border-color:var(--info)}.notes li.warning{border-color:var(--warn)}
.toolbar{position:sticky;top:0;z-index:5;display:flex;flex-wrap:wrap;gap:12px;align-items:center;padding:8px 24px;
background:#fffffff2;border-bottom:1px solid var(--line);font-size:14px}
.toolbar button{font:inherit;padding:2px 10px;border:1px solid var(--line);border-radius:4px;background:var(--card);cursor:pointer}
.toolbar .hint{color:var(--muted);font-size:12px}
kbd{border:1px solid var(--line);border-bottom-width:2px;border-radius:3px;padding:0 4px;font-size:12px;background:var(--card)}
main{padding:12px 24px 48px}
.pair{background:var(--card);border:1px solid var(--line);border-left:6px solid var(--line);border-radius:6px;margin:10px 0;padding:8px 12px;scroll-margin-top:64px}
.pair.sev-error{border-left-color:var(--err)}.pair.sev-warning{border-left-color:var(--warn)}.pair.sev-info{border-left-color:var(--info)}
.pair.current{outline:3px solid #4c8bf5;outline-offset:1px}
.pair-head{display:flex;gap:10px;align-items:baseline;font-size:13px;color:var(--muted)}
.pair-head a{color:inherit;font-weight:600;text-decoration:none}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:16px;margin-top:4px}
.cols.single{grid-template-columns:1fr}
.col .label{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.seg{margin:2px 0;white-space:pre-wrap;overflow-wrap:anywhere}
.gap{margin:2px 0;padding:6px 8px;border:2px dashed var(--err);border-radius:4px;background:var(--gap);color:var(--err);font-weight:600}
.gap.addition{border-color:var(--warn);color:var(--warn)}
ul.flags{list-style:none;margin:6px 0 0;padding:0}
ul.flags li{padding:3px 8px;margin:2px 0;border-radius:4px;font-size:14px}
li.flag.sev-error{background:var(--err-bg)}li.flag.sev-warning{background:var(--warn-bg)}li.flag.sev-info{background:var(--info-bg)}
.badge{display:inline-block;min-width:58px;text-align:center;font-size:11px;font-weight:700;text-transform:uppercase;border-radius:3px;padding:0 4px;color:#fff}
.badge.sev-error{background:var(--err)}.badge.sev-warning{background:var(--warn)}.badge.sev-info{background:var(--info)}
li.flag code{font-weight:600}
.ev{display:block;color:var(--muted);font-size:12px}
mark.hl{padding:0 1px;border-radius:2px;color:inherit}
mark.hl-whole.sev-error{background:var(--err-bg)}mark.hl-whole.sev-warning{background:var(--warn-bg)}mark.hl-whole.sev-info{background:var(--info-bg)}
mark.hl-part{font-weight:600;text-decoration:underline 2px}
mark.hl-part.sev-error{background:#f7b9b4;text-decoration-color:var(--err)}
mark.hl-part.sev-warning{background:#ffe08a;text-decoration-color:var(--warn)}
mark.hl-part.sev-info{background:#b9d9f5;text-decoration-color:var(--info)}
details.notes-info{margin-top:4px;font-size:14px}details.notes-info summary{cursor:pointer;color:var(--info)}
details.retrans{margin-top:6px;font-size:14px}
details.retrans summary{cursor:pointer;color:var(--muted)}
details.retrans p{margin:4px 0 0;padding:4px 8px;background:var(--gap);border-radius:4px;white-space:pre-wrap}
body.only-flagged .pair:not(.flagged){display:none}
footer{color:var(--muted);font-size:12px;padding:0 24px 24px}
@media (max-width:720px){.cols{grid-template-columns:1fr}}
@media print{.toolbar{display:none}.pair{break-inside:avoid}}
"""

JS = """
(function(){
  var body=document.body, box=document.getElementById('only-flagged');
  var counter=document.getElementById('flag-pos');
  var flagged=Array.prototype.slice.call(document.querySelectorAll('.pair.flagged'));
  var cur=-1;
  function apply(){ body.classList.toggle('only-flagged', box.checked); }
  box.addEventListener('change', apply); apply();
  function show(i){
    if(!flagged.length){ counter.textContent='no flags'; return; }
    cur=(i+flagged.length)%flagged.length;
    var old=document.querySelector('.pair.current'); if(old){ old.classList.remove('current'); }
    var el=flagged[cur]; el.classList.add('current'); el.focus({preventScroll:true});
    el.scrollIntoView({block:'center'});
    counter.textContent='flag '+(cur+1)+' / '+flagged.length;
    if(history.replaceState){ history.replaceState(null,'','#'+el.id); }
  }
  function next(){ show(cur+1); } function prev(){ show(cur<0?flagged.length-1:cur-1); }
  document.getElementById('next-flag').addEventListener('click', next);
  document.getElementById('prev-flag').addEventListener('click', prev);
  document.getElementById('toggle-retrans').addEventListener('click', function(){
    var all=document.querySelectorAll('details.retrans'), open=false, i;
    for(i=0;i<all.length;i++){ if(!all[i].open){ open=true; break; } }
    for(i=0;i<all.length;i++){ all[i].open=open; }
  });
  document.addEventListener('keydown', function(e){
    if(e.ctrlKey||e.metaKey||e.altKey){ return; }
    var t=e.target; if(t&&(t.tagName==='INPUT'&&t.type!=='checkbox'||t.tagName==='TEXTAREA'||t.isContentEditable)){ return; }
    var k=e.key;
    if(k==='j'||k==='n'){ next(); e.preventDefault(); }
    else if(k==='k'||k==='p'){ prev(); e.preventDefault(); }
    else if(k==='f'){ box.checked=!box.checked; apply(); e.preventDefault(); }
    else if(k==='r'&&cur>=0){ var d=flagged[cur].querySelector('details.retrans'); if(d){ d.open=!d.open; } }
  });
  counter.textContent=flagged.length+' flagged pair'+(flagged.length===1?'':'s');
})();
"""


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _e(text: object) -> str:
    return escape("" if text is None else str(text), quote=True)


def _worst(flags: list[Flag]) -> Severity | None:
    return max((f.severity for f in flags), key=lambda s: _SEV_ORDER[s], default=None)


class _Spans:
    """Evidence spans of one side, looked up by segment (offsets into Document.text)."""

    def __init__(self, seg: Segmentation | None, flags: list[Flag]) -> None:
        self.by_segment: dict[int, list[tuple[Evidence, Flag, int]]] = {}
        if seg is None or not seg.segments:
            return
        starts = [s.start for s in seg.segments]
        for fi, f in enumerate(flags):
            if f.waived:
                continue
            for e in f.evidence:
                if e.side != seg.side or e.end < e.start:
                    continue
                i = max(bisect.bisect_right(starts, e.start) - 1, 0)
                while i < len(seg.segments) and seg.segments[i].start < max(e.end, e.start + 1):
                    s = seg.segments[i]
                    if e.start < s.end and e.end > s.start:
                        self.by_segment.setdefault(s.index, []).append((e, f, fi))
                    i += 1

    def render(self, s: Segment) -> str:
        """The segment's text, escaped, with suspect spans wrapped in <mark>."""
        spans = self.by_segment.get(s.index)
        text = s.text
        if not spans:
            return _e(text)
        cuts = {0, len(text)}
        local = []
        for e, f, fi in spans:
            a, b = max(e.start - s.start, 0), min(e.end - s.start, len(text))
            if b <= a:
                continue
            whole = a == 0 and b == len(text)
            local.append((a, b, e, f, fi, whole))
            cuts.update((a, b))
        points = sorted(cuts)
        out = []
        for a, b in zip(points, points[1:]):
            piece = text[a:b]
            cover = [x for x in local if x[0] <= a and x[1] >= b]
            if not cover:
                out.append(_e(piece))
                continue
            sev = max((x[3].severity for x in cover), key=lambda v: _SEV_ORDER[v])
            kind = "hl-whole" if all(x[5] for x in cover) else "hl-part"
            title = "; ".join(
                dict.fromkeys(f"{x[3].code}: {x[2].note}" if x[2].note else x[3].code for x in cover)
            )
            flags_attr = " ".join(dict.fromkeys(str(x[4]) for x in cover))
            out.append(
                f'<mark class="hl {kind} sev-{sev.value}" data-flags="{_e(flags_attr)}" title="{_e(title)}">{_e(piece)}</mark>'
            )
        return "".join(out)


def _meta_rows(result: ReviewResult) -> list[tuple[str, str]]:
    m = result.meta
    rows = []
    if result.source is not None:
        rows.append(("source", f"{m.get('source') or ''} ({m.get('src_lang') or ''})"))
    rows.append(("rendering", f"{m.get('target') or ''} ({m.get('tgt_lang') or ''})"))
    if isinstance(m.get("tm"), dict):
        tm = m["tm"]
        rows.append(("translation memory", f"{tm.get('format')}, {tm.get('units')} units"))
    rows.append(("re-translation", str(m.get("system") or "none")))
    rows.append(("alignment", str(m.get("alignment_method") or "")))
    return rows


def _header(result: ReviewResult) -> list[str]:
    s = summary(result)
    out = ['<header class="top">']
    title = os.path.basename(str(result.meta.get("target") or "rendering"))
    out.append(f"<h1>Translation review: {_e(title)}</h1>")
    out.append('<dl class="meta">')
    for k, v in _meta_rows(result):
        out.append(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>")
    out.append(
        f"<dt>summary</dt><dd id=\"summary\">{s['links']} aligned pairs, {s['flagged_links']} flagged: "
        f"{s['flags']['error']} errors, {s['flags']['warning']} warnings, {s['flags']['info']} notes</dd>"
    )
    out.append("</dl>")
    ds = result.doc_scores
    if ds is not None:
        out.append('<table class="scores" id="doc-scores"><tr><th>metric</th><th>score</th><th>sacrebleu signature</th></tr>')
        for name, value, sig in (("BLEU", ds.bleu, "bleu"), ("chrF", ds.chrf, "chrf"), ("chrF++", ds.chrfpp, "chrf++")):
            out.append(
                f'<tr><td>{name}</td><td class="num">{value:.2f}</td><td><code class="sig">{_e(ds.signatures.get(sig, ""))}</code></td></tr>'
            )
        out.append(f"</table><p class=\"hint\">Document scores over {ds.segments} scored pairs: the rendering against the re-translation.</p>")
    notes = [("skipped", line) for line in result.skipped]
    notes += [("warning", line) for line in (result.meta.get("warnings") or [])]
    if notes:
        out.append('<ul class="notes" id="notes">')
        for cls, line in notes:
            out.append(f'<li class="{cls}"><strong>{"note" if cls == "skipped" else "warning"}:</strong> {_e(line)}</li>')
        out.append("</ul>")
    doc_flags = [f for f in result.flags if f.link < 0 and not f.waived]
    if doc_flags:
        out.append('<ul class="flags" id="doc-flags">')
        out += [_flag_li(f, result) for f in doc_flags]
        out.append("</ul>")
    out.append("</header>")
    return out


def _flag_li(f: Flag, result: ReviewResult) -> str:
    ev = []
    for e in f.evidence:
        seg = result.source if e.side == "src" else result.target
        where = ""
        if seg is not None:
            line, col = seg.document.line_col(e.start)
            where = f"{'source' if e.side == 'src' else 'rendering'} line {line}:{col}"
        text = " ".join(e.text.split())
        text = text if len(text) <= 120 else text[:119] + "\u2026"
        ev.append(f"{where} \u201c{text}\u201d" + (f" ({e.note})" if e.note else ""))
    ev_html = "".join(f'<span class="ev">{_e(x)}</span>' for x in ev)
    score = f' <span class="ev">score {f.score:.2f}</span>' if f.score is not None else ""
    return (
        f'<li class="flag sev-{f.severity.value}" data-code="{_e(f.code)}">'
        f'<span class="badge sev-{f.severity.value}">{f.severity.value}</span> <code>{_e(f.code)}</code> '
        f"{_e(f.message)}{score}{ev_html}</li>"
    )


def _flag_lists(flags: list[Flag], result: ReviewResult) -> list[str]:
    """Warnings and errors in a list, worst first; info notes grouped after them in a
    collapsed ``<details>`` (issue 17: notes must not drown the warnings)."""
    main = sorted((f for f in flags if f.severity is not Severity.INFO), key=lambda f: -_SEV_ORDER[f.severity])
    notes = [f for f in flags if f.severity is Severity.INFO]
    out = []
    if main:
        out.append('<ul class="flags">' + "".join(_flag_li(f, result) for f in main) + "</ul>")
    if notes:
        codes = ", ".join(dict.fromkeys(f.code for f in notes))
        label = f"{len(notes)} note{'s' if len(notes) != 1 else ''}: {codes}"
        out.append(f'<details class="notes-info"><summary>{_e(label)}</summary><ul class="flags">'
                   + "".join(_flag_li(f, result) for f in notes) + "</ul></details>")
    return out


def _pair(result: ReviewResult, k: int, src_spans: _Spans, tgt_spans: _Spans, flags: list[Flag]) -> str:
    link = result.alignment.links[k]
    src, tgt = result.source, result.target
    worst = _worst(flags)
    score = result.scores[k] if k < len(result.scores) else None
    classes = ["pair"]
    if flags:
        classes.append("flagged")
    if worst is not None:
        classes.append(f"sev-{worst.value}")
    if src is not None and link.is_omission:
        classes.append("omission")
    if src is not None and link.is_addition:
        classes.append("addition")
    attrs = f'class="{" ".join(classes)}" id="pair-{k}" data-index="{k}" data-type="{_e(link.type)}" tabindex="-1"'
    if worst is not None:
        attrs += f' data-severity="{worst.value}"'
    out = [f"<article {attrs}>"]
    head = [f'<a href="#pair-{k}">#{k}</a>', f'<span class="type">{_e(link.type)}</span>']
    if score is not None:
        head.append(f'<span class="scores">chrF {score.chrf:.1f} \u00b7 BLEU {score.bleu:.1f} \u00b7 chrF++ {score.chrfpp:.1f}</span>')
    if link.confidence < 1.0 and link.src and link.tgt:
        head.append(f'<span class="conf">alignment confidence {link.confidence:.2f}</span>')
    if worst is not None:
        head.append(f'<span class="badge sev-{worst.value}">{worst.value}</span>')
    out.append('<div class="pair-head">' + " ".join(head) + "</div>")
    src_lang = _e(result.meta.get("src_lang") or "")
    tgt_lang = _e(result.meta.get("tgt_lang") or "")
    out.append('<div class="cols">' if src is not None else '<div class="cols single">')
    if src is not None:
        out.append(f'<div class="col src" lang="{src_lang}"><div class="label">source</div>')
        if link.src:
            out += [f'<p class="seg" data-seg="{i}">{src_spans.render(src.segments[i])}</p>' for i in link.src]
        else:
            out.append('<p class="gap addition">not in the source: the rendering added this</p>')
        out.append("</div>")
    out.append(f'<div class="col tgt" lang="{tgt_lang}"><div class="label">rendering</div>')
    if link.tgt:
        out += [f'<p class="seg" data-seg="{i}">{tgt_spans.render(tgt.segments[i])}</p>' for i in link.tgt]
    else:
        out.append('<p class="gap omission">missing in the rendering: this source text was dropped</p>')
    out.append("</div></div>")
    out += _flag_lists(flags, result)
    reference = score.reference if score else None
    if reference is None and result.translation is not None and link.src:
        reference = result.translation.for_segments(link.src) or None
    if reference:
        label = "re-translation" if result.translation is None or result.translation.kind == "model" else "given translation"
        out.append(f'<details class="retrans"><summary>{label}</summary><p lang="{tgt_lang}">{_e(reference)}</p></details>')
    out.append("</article>")
    return "\n".join(out)


def render_html(result: ReviewResult, sort: str = "document") -> str:
    """The whole page as one string; ``sort="risk"`` puts the riskiest pairs first."""
    src_spans = _Spans(result.source, result.flags)
    tgt_spans = _Spans(result.target, result.flags)
    csp = (
        "default-src 'none'; "
        f"style-src {_csp_hash(CSS)}; script-src {_csp_hash(JS)}; "
        "img-src 'none'; connect-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'"
    )
    title = os.path.basename(str(result.meta.get("target") or "rendering"))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="translate {_e(__version__)}">',
        f"<title>Review: {_e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
    ]
    parts += _header(result)
    parts.append(
        '<nav class="toolbar" aria-label="review controls">'
        '<label><input type="checkbox" id="only-flagged"> flagged only</label>'
        '<button type="button" id="prev-flag" title="previous flag (k or p)">\u25b2 previous flag</button>'
        '<button type="button" id="next-flag" title="next flag (j or n)">\u25bc next flag</button>'
        '<span id="flag-pos" aria-live="polite"></span>'
        '<button type="button" id="toggle-retrans">re-translations</button>'
        '<span class="hint"><kbd>j</kbd>/<kbd>n</kbd> next flag, <kbd>k</kbd>/<kbd>p</kbd> previous, '
        "<kbd>f</kbd> flagged only, <kbd>r</kbd> re-translation</span>"
        "</nav>"
    )
    parts.append('<main id="pairs">')
    by_link = flag_indices_by_link(result)
    for k in link_order(result, sort):
        flags = [result.flags[i] for i in by_link.get(k, []) if not result.flags[i].waived]
        parts.append(_pair(result, k, src_spans, tgt_spans, flags))
    parts.append("</main>")
    parts.append(f"<footer>Written by translate {_e(__version__)}. Offline page: no network, no external files.</footer>")
    parts.append(f"<script>{JS}</script>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_html(result: ReviewResult, path: str | os.PathLike[str], sort: str = "document") -> None:
    with atomic_open(path) as fh:
        fh.write(render_html(result, sort))
