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
filter, r opens or closes the re-translation of the current pair (or of the first pair in
view when no flag is selected). Internal numbers (check scores, alignment gaps and
confidences, chrF) are said in words, the raw value on hover.

The decisions panel above the toolbar lists every flag grouped by check, filters pairs
by check, severity and decision, and takes one decision per flag (false alarm / fixed /
to do, with a comment), kept in localStorage under the report's content hash. It
exports them as the waivers file ``translate review --waivers`` reads (with the
decisions list the XLIFF export turns into states), and the rendering with the
sentences edited in the page, rebuilt from the original text and the segments'
offsets, so the layout stays as it was. Comments and edits only ever go through
``textContent`` / ``value``, never markup.

Written by hand on purpose: the page is plain string building around
``html.escape`` — a template engine would add a dependency without making the
escaping any safer.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
import os
import re
from html import escape

from ..version import __version__
from ..data import Evidence, Flag, ReviewResult, Segment, Segmentation, Severity
from ..atomic import atomic_open
from .core import flag_indices_by_link, link_order, summary

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
section.decisions{margin:12px 24px 0;padding:10px 14px;background:var(--card);border:1px solid var(--line);border-radius:6px;font-size:14px}
section.decisions h2{font-size:16px;margin:0 0 6px}
section.decisions .filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin-bottom:6px}
section.decisions button,section.decisions select,li.flag select,li.flag input,.col button{font:inherit;font-size:13px}
details.group{margin:2px 0}details.group summary{cursor:pointer}
details.group ul{margin:2px 0 4px;padding-left:18px}
li.idx a{font-weight:600}li.idx .state{color:var(--muted);font-size:12px;margin-left:6px}
li.idx.decided a,li.flag.decided code{text-decoration:line-through}
.decide{display:block;margin-top:2px}
.col button.edit{border:0;background:none;padding:0;color:var(--muted);font-size:12px;cursor:pointer;text-decoration:underline dotted}.decide input.comment{width:18em;max-width:60%}
p.seg.edited{background:#e6f4ea;outline:1px dashed #188038}
p.seg[contenteditable]{outline:2px solid #4c8bf5;background:#fff}
.hidden-by-filter{display:none!important}
.plain{color:var(--muted);font-size:12px;cursor:help;border-bottom:1px dotted var(--muted)}
@media (max-width:720px){.cols{grid-template-columns:1fr}}
@media print{.toolbar,section.decisions,.decide,.col button{display:none}.pair{break-inside:avoid}}
"""

JS = r"""
(function(){
  var body=document.body, box=document.getElementById('only-flagged');
  var counter=document.getElementById('flag-pos');
  var flagged=Array.prototype.slice.call(document.querySelectorAll('.pair.flagged'));
  var cur=-1;
  function apply(){ body.classList.toggle('only-flagged', box.checked); }
  box.addEventListener('change', apply); apply();
  function shown(el){ return el.offsetParent!==null; }
  function step(d){
    var list=flagged.filter(shown);
    if(!list.length){ counter.textContent='no flags'; return; }
    var at=cur<0?-1:list.indexOf(flagged[cur]);
    var j=d>0?at+1:(at<0?list.length-1:at-1); j=(j+list.length)%list.length;
    var el=list[j]; cur=flagged.indexOf(el);
    var old=document.querySelector('.pair.current'); if(old){ old.classList.remove('current'); }
    el.classList.add('current'); el.focus({preventScroll:true});
    el.scrollIntoView({block:'center'});
    counter.textContent='flag '+(j+1)+' / '+list.length;
    if(history.replaceState){ history.replaceState(null,'','#'+el.id); }
  }
  function next(){ step(1); } function prev(){ step(-1); }
  document.getElementById('next-flag').addEventListener('click', next);
  document.getElementById('prev-flag').addEventListener('click', prev);
  var tr=document.getElementById('toggle-retrans');
  if(tr){ tr.addEventListener('click', function(){
    var all=document.querySelectorAll('details.retrans'), open=false, i;
    for(i=0;i<all.length;i++){ if(!all[i].open){ open=true; break; } }
    for(i=0;i<all.length;i++){ all[i].open=open; }
  }); }
  function pairForR(){
    // the current flag's pair, else the first pair in view that has a re-translation
    if(cur>=0){ return flagged[cur]; }
    var all=document.querySelectorAll('article.pair'), top=(document.querySelector('.toolbar')||body).getBoundingClientRect().bottom;
    for(var i=0;i<all.length;i++){
      if(!shown(all[i])||!all[i].querySelector('details.retrans')){ continue; }
      var r=all[i].getBoundingClientRect(); if(r.bottom>top&&r.top<window.innerHeight){ return all[i]; }
    }
    return null;
  }
  document.addEventListener('keydown', function(e){
    if(e.ctrlKey||e.metaKey||e.altKey){ return; }
    var t=e.target; if(t&&(t.tagName==='INPUT'&&t.type!=='checkbox'||t.tagName==='TEXTAREA'||t.tagName==='SELECT'||t.isContentEditable)){ return; }
    var k=e.key;
    if(k==='j'||k==='n'){ next(); e.preventDefault(); }
    else if(k==='k'||k==='p'){ prev(); e.preventDefault(); }
    else if(k==='f'){ box.checked=!box.checked; apply(); e.preventDefault(); }
    else if(k==='r'){ var a=pairForR(), d=a&&a.querySelector('details.retrans'); if(d){ d.open=!d.open; e.preventDefault(); } }
  });
  counter.textContent=flagged.length+' flagged pair'+(flagged.length===1?'':'s');

  // ---- decisions: one per flag, kept in localStorage under the report's content hash
  var hash=body.getAttribute('data-report-hash')||'', store='translate-review:'+hash;
  var LABEL={'false-alarm':'false alarm','fixed':'fixed','to-do':'to do'};
  var state={decisions:{},edits:{}};
  try{ var saved=JSON.parse(window.localStorage.getItem(store)||'null'); if(saved&&typeof saved==='object'){
    if(saved.decisions&&typeof saved.decisions==='object'){ state.decisions=saved.decisions; }
    if(saved.edits&&typeof saved.edits==='object'){ state.edits=saved.edits; } } }catch(err){}
  function save(){ try{ window.localStorage.setItem(store, JSON.stringify(state)); }catch(err){} }
  var lis=Array.prototype.slice.call(document.querySelectorAll('li.flag[data-key]'));
  var byKey={};
  lis.forEach(function(li){ byKey[li.getAttribute('data-key')+' '+li.getAttribute('data-code')]=li; });
  function dkey(li){ return li.getAttribute('data-key')+' '+li.getAttribute('data-code'); }
  var decidedCount=document.getElementById('decided-count');
  function paint(li){
    var d=state.decisions[dkey(li)]||{}, v=d.decision||'';
    li.classList.toggle('decided', v==='false-alarm'||v==='fixed');
    li.setAttribute('data-decision', v);
    var idx=document.querySelector('li.idx[data-flag="'+li.getAttribute('data-flag')+'"]');
    if(idx){ idx.classList.toggle('decided', v==='false-alarm'||v==='fixed'); idx.setAttribute('data-decision', v);
      idx.querySelector('.state').textContent=v?(LABEL[v]||v)+(d.comment?': '+d.comment:''):''; }
  }
  function count(){ var n=0; for(var k in state.decisions){ if(state.decisions[k].decision&&byKey[k]){ n++; } }
    if(decidedCount){ decidedCount.textContent=n+' of '+lis.length+' decided'; } }
  lis.forEach(function(li){
    var sel=li.querySelector('select.decision'), com=li.querySelector('input.comment'), d=state.decisions[dkey(li)];
    if(d){ sel.value=LABEL[d.decision]?d.decision:''; com.value=typeof d.comment==='string'?d.comment:''; }
    function upd(){ var v=sel.value, c=com.value;
      if(!v&&!c){ delete state.decisions[dkey(li)]; }
      else{ state.decisions[dkey(li)]={decision:v,comment:c,link:+li.getAttribute('data-link'),code:li.getAttribute('data-code'),key:li.getAttribute('data-key')}; }
      save(); paint(li); count(); filter(); }
    sel.addEventListener('change', upd); com.addEventListener('input', upd);
    paint(li);
  });
  count();

  // ---- filters by check, severity and decision (pairs and the flag list)
  var fc=document.getElementById('filter-check'), fs=document.getElementById('filter-severity'), fd=document.getElementById('filter-decision');
  function match(el){
    return (!fc.value||el.getAttribute('data-code')===fc.value)&&(!fs.value||el.getAttribute('data-severity')===fs.value)
      &&(!fd.value||(fd.value==='none'?!el.getAttribute('data-decision'):el.getAttribute('data-decision')===fd.value));
  }
  function filter(){
    var on=fc.value||fs.value||fd.value;
    lis.forEach(function(li){ li.classList.toggle('hidden-by-filter', !!on&&!match(li)); });
    Array.prototype.forEach.call(document.querySelectorAll('li.idx'), function(li){ li.classList.toggle('hidden-by-filter', !!on&&!match(li)); });
    Array.prototype.forEach.call(document.querySelectorAll('details.group'), function(g){
      g.classList.toggle('hidden-by-filter', !g.querySelector('li.idx:not(.hidden-by-filter)')); });
    Array.prototype.forEach.call(document.querySelectorAll('article.pair'), function(a){
      a.classList.toggle('hidden-by-filter', !!on&&!a.querySelector('li.flag[data-key]:not(.hidden-by-filter)')); });
  }
  [fc,fs,fd].forEach(function(x){ x.addEventListener('change', filter); });
  filter();

  // ---- in-page edit of the rendering; the corrected file keeps the original layout
  var segs={};
  Array.prototype.forEach.call(document.querySelectorAll('.col.tgt p.seg[data-start]'), function(p){
    segs[p.getAttribute('data-seg')]={p:p, orig:p.textContent};
    var e=state.edits[p.getAttribute('data-seg')];
    if(typeof e==='string'&&e!==p.textContent){ p.textContent=e; p.classList.add('edited'); }
  });
  Array.prototype.forEach.call(document.querySelectorAll('button.edit'), function(b){
    b.addEventListener('click', function(){
      var ps=b.parentNode.querySelectorAll('p.seg[data-start]'), on=ps.length&&!ps[0].hasAttribute('contenteditable');
      Array.prototype.forEach.call(ps, function(p){
        if(on){ p.textContent=p.textContent; p.setAttribute('contenteditable','plaintext-only');
          if(p.contentEditable!=='plaintext-only'){ p.setAttribute('contenteditable','true'); } }
        else{ p.removeAttribute('contenteditable'); }
      });
      b.textContent=on?'done editing':'edit rendering';
      if(on&&ps.length){ ps[0].focus(); }
    });
  });
  // one sentence stays one line of text: no Enter, and a paste is plain text
  document.addEventListener('keydown', function(e){
    if(e.key==='Enter'&&e.target&&e.target.isContentEditable&&e.target.classList.contains('seg')){ e.preventDefault(); }
  });
  document.addEventListener('paste', function(e){
    var p=e.target&&e.target.closest?e.target.closest('p.seg[contenteditable]'):null; if(!p){ return; }
    e.preventDefault();
    var t=(e.clipboardData||window.clipboardData).getData('text').replace(/\s*\n\s*/g,' ');
    document.execCommand('insertText', false, t);
  });
  document.addEventListener('input', function(e){
    var p=e.target; if(!p||!p.classList||!p.classList.contains('seg')||!segs[p.getAttribute('data-seg')]){ return; }
    var i=p.getAttribute('data-seg'), txt=p.textContent.replace(/\n+$/,'');
    // typing a space in an editable block inserts U+00A0 at times: keep it only if the sentence had one
    if(segs[i].orig.indexOf('\u00a0')<0){ txt=txt.replace(/\u00a0/g,' '); }
    if(txt===segs[i].orig){ delete state.edits[i]; p.classList.remove('edited'); } else { state.edits[i]=txt; p.classList.add('edited'); }
    save(); editCount();
  });
  var editedCount=document.getElementById('edited-count');
  function editCount(){ if(editedCount){ var n=Object.keys(state.edits).filter(function(i){ return segs[i]; }).length;
    editedCount.textContent=n+' sentence'+(n===1?'':'s')+' edited'; } }
  editCount();
  function download(name, text, type){
    var a=document.createElement('a'); a.href=URL.createObjectURL(new Blob([text],{type:type})); a.download=name;
    body.appendChild(a); a.click(); setTimeout(function(){ URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function corrected(){
    var text=document.getElementById('rendering-text').textContent, cuts=[];
    for(var i in state.edits){ var s=segs[i]; if(!s){ continue; }
      cuts.push([+s.p.getAttribute('data-start'), +s.p.getAttribute('data-end'), state.edits[i]]); }
    cuts.sort(function(a,b){ return b[0]-a[0]; });
    cuts.forEach(function(c){ text=text.slice(0,c[0])+c[2]+text.slice(c[1]); });
    return text;
  }
  function waivers(){
    var today=new Date().toISOString().slice(0,10), w=[], d=[];
    lis.forEach(function(li){
      var x=state.decisions[dkey(li)]; if(!x){ return; }
      var art=li.closest('article.pair'), side=function(sel){ return art?Array.prototype.map.call(art.querySelectorAll(sel),
        function(p){ var s=segs[p.getAttribute('data-seg')]; return s&&p.closest('.tgt')?s.orig:p.textContent; }).join(' '):''; };
      d.push({key:x.key,code:x.code,link:x.link,decision:x.decision,comment:x.comment});
      if(x.decision==='false-alarm'){
        w.push({key:x.key,code:x.code,source:side('.col.src p.seg'),rendering:side('.col.tgt p.seg'),
                reason:'false alarm'+(x.comment?': '+x.comment:''),by:'',date:today});
      }
    });
    return JSON.stringify({schema:'translate-waivers',version:1,report:hash,waivers:w,decisions:d},null,2)+'\n';
  }
  window.translateReview={waivers:waivers,corrected:corrected};
  var ex=document.getElementById('export-waivers');
  if(ex){ ex.addEventListener('click', function(){ download(ex.getAttribute('data-name'), waivers(), 'application/json'); }); }
  var dl=document.getElementById('download-rendering');
  if(dl){ dl.addEventListener('click', function(){ download(dl.getAttribute('data-name'), corrected(), 'text/plain;charset=utf-8'); }); }
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
    unit = ("aligned pair", "aligned pairs") if result.source is not None else ("sentence", "sentences")
    out.append(
        f"<dt>summary</dt><dd id=\"summary\">{_n(s['links'], *unit)}, {s['flagged_links']} flagged: "
        f"{_n(s['flags']['error'], 'error', 'errors')}, {_n(s['flags']['warning'], 'warning', 'warnings')}, "
        f"{_n(s['flags']['info'], 'note', 'notes')}</dd>"
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
    doc_flags = [(fi, f) for fi, f in enumerate(result.flags) if f.link < 0 and not f.waived]
    if doc_flags:
        out.append('<ul class="flags" id="doc-flags">')
        out += [_flag_li(f, result, fi) for fi, f in doc_flags]
        out.append("</ul>")
    out.append("</header>")
    return out


# Internal numbers some checks put in their messages, e.g. "(gap 2.66)": the words around
# them already say what they mean, so the page shows the words and keeps the number for hover.
_RAW_NUMBER = re.compile(r"\s*\((?:gap|z|cost|score|ratio|confidence|p) -?\d+(?:\.\d+)?\)")


def _plain_message(message: str) -> tuple[str, list[str]]:
    """The message without internal numbers, and those numbers (for the hover text)."""
    raw = [m.group(0).strip()[1:-1] for m in _RAW_NUMBER.finditer(message)]
    return _RAW_NUMBER.sub("", message), raw


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


_DECISIONS = (("", "undecided"), ("false-alarm", "false alarm"), ("fixed", "fixed"), ("to-do", "to do"))


def _flag_li(f: Flag, result: ReviewResult, fi: int | None = None) -> str:
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
    message, raw = _plain_message(f.message)
    if f.score is not None:
        raw.append(f"check score {f.score:.2f}")
    title = f' title="{_e("; ".join(raw))}"' if raw else ""
    attrs = f'class="flag sev-{f.severity.value}" data-code="{_e(f.code)}" data-severity="{f.severity.value}"{title}'
    decide = ""
    if fi is not None and f.key:
        attrs += f' id="flag-{fi}" data-flag="{fi}" data-key="{_e(f.key)}" data-link="{f.link}"'
        options = "".join(f'<option value="{v}">{label}</option>' for v, label in _DECISIONS)
        # autocomplete="off": the page restores decisions from localStorage; the browser's own form
        # restore on reload matches these unnamed controls by position and could overwrite them
        decide = (f'<span class="decide"><select class="decision" autocomplete="off" aria-label="decision on this flag">{options}</select> '
                  '<input type="text" class="comment" autocomplete="off" maxlength="500" placeholder="comment (optional)" '
                  'aria-label="comment on this decision"></span>')
    return (
        f"<li {attrs}>"
        f'<span class="badge sev-{f.severity.value}">{f.severity.value}</span> <code>{_e(f.code)}</code> '
        f"{_e(message)}{ev_html}{decide}</li>"
    )


def _flag_lists(flags: list[tuple[int, Flag]], result: ReviewResult) -> list[str]:
    """Warnings and errors in a list, worst first; info notes grouped after them in a
    collapsed ``<details>`` (issue 17: notes must not drown the warnings)."""
    main = sorted((x for x in flags if x[1].severity is not Severity.INFO), key=lambda x: -_SEV_ORDER[x[1].severity])
    notes = [x for x in flags if x[1].severity is Severity.INFO]
    out = []
    if main:
        out.append('<ul class="flags">' + "".join(_flag_li(f, result, fi) for fi, f in main) + "</ul>")
    if notes:
        codes = ", ".join(dict.fromkeys(f.code for _, f in notes))
        label = f"{len(notes)} note{'s' if len(notes) != 1 else ''}: {codes}"
        out.append(f'<details class="notes-info"><summary>{_e(label)}</summary><ul class="flags">'
                   + "".join(_flag_li(f, result, fi) for fi, f in notes) + "</ul></details>")
    return out


def _editable(result: ReviewResult) -> bool:
    """A rendering read from a text file can be edited and downloaded in its layout; the
    units of a translation memory (--tm) have no such file."""
    return not isinstance(result.meta.get("tm"), dict)


def _similarity(chrf: float) -> str:
    """chrF of the rendering against the re-translation, in words."""
    if chrf >= 60:
        return "close to the re-translation"
    if chrf >= 35:
        return "partly like the re-translation"
    return "far from the re-translation"


def _confidence_words(confidence: float) -> str:
    if confidence < 0.25:
        return "the alignment is unsure about this pairing: check that these sentences belong together"
    return "the alignment is not quite sure about this pairing"


def _pair(result: ReviewResult, k: int, src_spans: _Spans, tgt_spans: _Spans, flags: list[tuple[int, Flag]]) -> str:
    link = result.alignment.links[k]
    src, tgt = result.source, result.target
    worst = _worst([f for _, f in flags])
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
    head = [f'<a href="#pair-{k}">#{k}</a>']
    sure = link.confidence >= 0.5 or not (link.src and link.tgt)
    if src is not None:  # without a source there is no alignment: a "0:1" type would say nothing
        tip = "source sentences : rendering sentences"
        if sure and link.confidence < 1.0 and link.src and link.tgt:
            tip += f" (alignment confidence {link.confidence:.2f})"
        head.append(f'<span class="type" title="{tip}">{_e(link.type)}</span>')
    if score is not None:
        raw = f"chrF {score.chrf:.1f} \u00b7 BLEU {score.bleu:.1f} \u00b7 chrF++ {score.chrfpp:.1f}"
        head.append(f'<span class="scores plain" title="{_e(raw)}">{_similarity(score.chrf)}</span>')
    if not sure:  # said only where it matters; the value is on the type's hover otherwise
        head.append(f'<span class="conf plain" title="alignment confidence {link.confidence:.2f}">'
                    f"{_confidence_words(link.confidence)}</span>")
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
        doc = tgt.document
        out += [f'<p class="seg" data-seg="{i}" data-start="{doc.original_offset(tgt.segments[i].start)}" '
                f'data-end="{doc.original_offset(tgt.segments[i].end)}">{tgt_spans.render(tgt.segments[i])}</p>'
                for i in link.tgt]
        if _editable(result):
            out.append('<button type="button" class="edit" title="edit this sentence here; download the corrected '
                       'rendering from the decisions panel">edit rendering</button>')
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


def report_hash(result: ReviewResult) -> str:
    """Content hash of a review: the texts and the flags (code + key). Decisions stored in the
    browser are keyed by it, so a page of another review (or of changed text) starts empty."""
    h = hashlib.sha256()
    for part in (result.source.document.text if result.source else "", result.target.document.text):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    h.update(json.dumps(sorted((f.code, f.key or "", f.link) for f in result.flags)).encode("utf-8"))
    return h.hexdigest()[:32]


def _decisions_panel(result: ReviewResult) -> list[str]:
    """Filters, the list of all flags grouped by check (links), decisions and downloads."""
    active = [(fi, f) for fi, f in enumerate(result.flags) if not f.waived]
    groups: dict[str, list[tuple[int, Flag]]] = {}
    for fi, f in active:
        groups.setdefault(f.code, []).append((fi, f))
    target = os.path.basename(str(result.meta.get("target") or "rendering.txt"))
    stem, ext = os.path.splitext(target)
    if ext.lower() in (".html", ".htm", ".xhtml"):
        ext = ".txt"  # the page's text was reviewed (markup dropped): the corrected file is that text
    editable = _editable(result)
    waived = len(result.flags) - len(active)
    out = ['<section class="decisions" id="decisions" aria-label="flags and decisions">',
           f"<h2>Flags and decisions ({_n(len(active), 'flag', 'flags')}"
           + (f", {waived} waived" if waived else "") + ")</h2>",
           '<div class="filters">',
           '<label>check <select id="filter-check" autocomplete="off"><option value="">all checks</option>'
           + "".join(f'<option value="{_e(c)}">{_e(c)} ({len(v)})</option>' for c, v in sorted(groups.items()))
           + "</select></label>",
           '<label>severity <select id="filter-severity" autocomplete="off"><option value="">all</option>'
           '<option value="error">error</option><option value="warning">warning</option><option value="info">info</option>'
           "</select></label>",
           '<label>decision <select id="filter-decision" autocomplete="off"><option value="">any</option><option value="none">undecided</option>'
           + "".join(f'<option value="{v}">{label}</option>' for v, label in _DECISIONS[1:]) + "</select></label>",
           '<span id="decided-count"></span>',
           f'<button type="button" id="export-waivers" data-name="{_e(stem)}.waivers.json" '
           'title="false alarms become waivers: translate review ... --waivers FILE">export decisions (waivers file)</button>',
           *(['<span id="edited-count"></span>',
              f'<button type="button" id="download-rendering" data-name="{_e(stem)}.corrected{_e(ext or ".txt")}" '
              'title="the rendering with your edits, in its original layout">download corrected rendering</button>']
             if editable else []),
           "</div>", '<div id="flag-index">']
    unit = "pair" if result.source is not None else "sentence"
    for code, items in sorted(groups.items(), key=lambda kv: (-max(_SEV_ORDER[f.severity] for _, f in kv[1]), kv[0])):
        # a long group (page chrome on a pasted web page) starts folded: its count is in the summary
        fold = "" if len(items) > 12 else " open"
        out.append(f'<details class="group" data-code="{_e(code)}"{fold}><summary><code>{_e(code)}</code> '
                   f"({len(items)})</summary><ul>")
        for fi, f in items:
            where = (f"{unit} #{f.link}" if f.link >= 0 else "document")
            target_id = f"flag-{fi}" if f.key else (f"pair-{f.link}" if f.link >= 0 else "doc-flags")
            message, _ = _plain_message(f.message)
            message = message if len(message) <= 110 else message[:109] + "\u2026"
            out.append(f'<li class="idx sev-{f.severity.value}" data-flag="{fi}" data-code="{_e(f.code)}" '
                       f'data-severity="{f.severity.value}"><span class="badge sev-{f.severity.value}">{f.severity.value}</span> '
                       f'<a href="#{target_id}">{where}</a> {_e(message)}<span class="state"></span></li>')
        out.append("</ul></details>")
    out.append("</div></section>")
    return out


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
    by_link = flag_indices_by_link(result)
    order = list(link_order(result, sort))
    pair_html = {k: _pair(result, k, src_spans, tgt_spans,
                          [(i, result.flags[i]) for i in by_link.get(k, []) if not result.flags[i].waived])
                 for k in order}
    retrans = any('<details class="retrans">' in h for h in pair_html.values())
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
        f'<body data-report-hash="{report_hash(result)}">',
    ]
    parts += _header(result)
    parts += _decisions_panel(result)
    parts.append(
        '<nav class="toolbar" aria-label="review controls">'
        '<label><input type="checkbox" id="only-flagged"> flagged only</label>'
        '<button type="button" id="prev-flag" title="previous flag (k or p)">\u25b2 previous flag</button>'
        '<button type="button" id="next-flag" title="next flag (j or n)">\u25bc next flag</button>'
        '<span id="flag-pos" aria-live="polite"></span>'
        + ('<button type="button" id="toggle-retrans">re-translations</button>' if retrans else "")
        + '<span class="hint"><kbd>j</kbd>/<kbd>n</kbd> next flag, <kbd>k</kbd>/<kbd>p</kbd> previous, '
        "<kbd>f</kbd> flagged only" + (", <kbd>r</kbd> re-translation" if retrans else "") + "</span>"
        "</nav>"
    )
    parts.append('<main id="pairs">')
    parts += [pair_html[k] for k in order]
    parts.append("</main>")
    # the rendering as read (original layout), for "download corrected rendering"
    doc = result.target.document
    # (a newline after <pre> because the parser drops one there; CR as a reference because the
    # parser turns CR LF into LF in text, and the segment offsets count the CR)
    original = _e(doc.original if doc.original is not None else doc.text).replace("\r", "&#13;")
    parts.append(f'<pre id="rendering-text" hidden>\n{original}</pre>')
    parts.append(f"<footer>Written by translate {_e(__version__)}. Offline page: no network, no external files.</footer>")
    parts.append(f"<script>{JS}</script>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_html(result: ReviewResult, path: str | os.PathLike[str], sort: str = "document") -> None:
    with atomic_open(path) as fh:
        fh.write(render_html(result, sort))
