"""The output of ``translate align``: one row per link (TSV) or the whole alignment
(JSON, schema ``translate.alignment.aligner``), with segment, paragraph, sentence and line numbers
of both files."""

from __future__ import annotations

import csv
import io

SCHEMA_ID = "translate.alignment.aligner"
SCHEMA_VERSION = 1


TSV_COLUMNS = [
    "link", "type", "confidence", "cost",
    "src_segments", "tgt_segments", "src_paragraphs", "tgt_paragraphs",
    "src_sentences", "tgt_sentences", "src_lines", "tgt_lines", "src_text", "tgt_text",
]


def _side(seg, indices) -> dict:
    segs = [seg.segments[i] for i in indices]
    doc = seg.document
    return {
        "segments": list(indices),
        "paragraphs": sorted({s.paragraph for s in segs}),
        "sentences": [[s.paragraph, s.sentence] for s in segs],
        "lines": sorted({doc.line_col(s.start)[0] for s in segs} | {doc.line_col(max(s.start, s.end - 1))[0] for s in segs}),
        "spans": [[doc.original_offset(s.start), doc.original_offset(s.end)] for s in segs],
        "text": " ".join(s.text for s in segs),
    }


def to_dict(source, target, alignment, notes=(), options=None) -> dict:
    links = []
    counts: dict[str, int] = {}
    for k, link in enumerate(alignment.links):
        counts[link.type] = counts.get(link.type, 0) + 1
        links.append({"link": k, "type": link.type, "confidence": link.confidence, "cost": link.cost,
                      "src": _side(source, link.src), "tgt": _side(target, link.tgt)})
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "source": source.document.path,
        "target": target.document.path,
        "method": alignment.method,
        "options": None if options is None else {k: v for k, v in vars(options).items()},
        "notes": list(notes),
        "summary": {
            "links": len(alignment.links),
            "types": dict(sorted(counts.items())),
            "omissions": [lk.src for lk in alignment.links if lk.is_omission],
            "additions": [lk.tgt for lk in alignment.links if lk.is_addition],
            "src_segments": len(source.segments),
            "tgt_segments": len(target.segments),
        },
        "paragraph_links": [{"src": list(p.src), "tgt": list(p.tgt), "type": p.type, "confidence": p.confidence}
                            for p in alignment.paragraph_links],
        "links": links,
    }


def to_tsv(data: dict) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(TSV_COLUMNS)

    def ints(xs) -> str:
        return ",".join(str(x) for x in xs)

    for row in data["links"]:
        s, t = row["src"], row["tgt"]
        w.writerow([
            row["link"], row["type"], f"{row['confidence']:.4f}", f"{row['cost']:.4f}",
            ints(s["segments"]), ints(t["segments"]), ints(s["paragraphs"]), ints(t["paragraphs"]),
            ",".join(f"{p}.{q}" for p, q in s["sentences"]), ",".join(f"{p}.{q}" for p, q in t["sentences"]),
            ints(s["lines"]), ints(t["lines"]),
            " ".join(s["text"].split()), " ".join(t["text"].split()),
        ])
    return buf.getvalue()
