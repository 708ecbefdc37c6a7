"""Stage 1 — read: bytes from disk to a normalized :class:`Document`.

What users feed the tool and what happens to it (each case has a test file
``tests/test_inputs_*.py``):

* missing path, directory, pipe/device, unreadable file, file over ``MAX_BYTES``:
  one-line :class:`InputError` naming the file and what to do (exit 2);
* binary files (PDF, Word, ZIP, images, executables, NUL bytes, control
  characters): :class:`InputError` ("export it as plain text");
* empty or whitespace-only files: :func:`require_text` raises :class:`InputError`
  (the review calls it; other readers, e.g. TM importers, give their own message);
* decoding: BOM first (UTF-8, UTF-16 LE/BE), then UTF-16 without BOM when the NUL
  pattern says so, then strict UTF-8, then a Windows code page as a last resort
  (cp1258 for Vietnamese, cp1252 otherwise; bytes the code page leaves undefined
  are kept as the Latin-1 character, never replaced) with a warning;
* mojibake (UTF-8 text that was once decoded as cp1252/Latin-1 and saved again:
  ``Ä‘Ã£`` for ``đã``): repaired line by line with ftfy's ``fix_encoding``, only
  on lines a cheap pattern marks as suspect and only when ftfy's explanation is a
  pure re-encoding, with a warning naming the lines;
* HTML given instead of text: the text is extracted (:mod:`translate.read.htmltext`)
  with one paragraph per block element, with a warning.

Normalization: CRLF and lone CR become LF, text is NFC. A compact offset map
(:class:`OffsetMap`, breakpoints instead of one integer per character) keeps every
normalized character traceable to the decoded text (after mojibake repair / HTML
extraction, which the warnings report).
"""

from __future__ import annotations

import bisect
import codecs
import os
import re
import stat
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from ..data import Document
from ..errors import InputError
from .htmltext import html_to_text, looks_like_html

MAX_BYTES = int(os.environ.get("TRANSLATE_MAX_BYTES", 256 * 1024 * 1024))
"""Largest input file read (bytes). Larger files get a one-line error instead of
exhausting memory; override with the environment variable TRANSLATE_MAX_BYTES."""

# Magic numbers of formats users save by mistake instead of plain text.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP (Word .docx, OpenDocument .odt, or another archive)"),
    (b"PK\x05\x06", "ZIP"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office (.doc)"),
    (b"{\\rtf", "RTF"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x7fELF", "executable (ELF)"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A character that UTF-8 lead bytes become in cp1252/Latin-1 followed by one that a
# continuation byte becomes: the signature of mojibake. Cheap pre-filter so that
# ftfy (slow on megabytes) only looks at suspect lines.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def read_document(path: str | os.PathLike[str], lang: str = "") -> Document:
    """Read a text file the user gave; raise InputError with a one-line reason."""
    name = str(path)
    if not name.strip():
        raise InputError("empty file name", "give the path of a text file")
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        if p.is_symlink():
            raise InputError(f"{name}: broken symbolic link", "point it at an existing text file") from None
        raise InputError(f"{name}: no such file", "check the path") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied", "make the file and its folders readable") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})", "check the path") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{name}: is a directory, not a text file", "give the path of a text file")
    if not stat.S_ISREG(st.st_mode):
        # reading a FIFO or a terminal would block forever
        raise InputError(f"{name}: not a regular file (a pipe, socket or device)", "save the text to a file first")
    if st.st_size > MAX_BYTES:
        raise InputError(
            f"{name}: file is {_size(st.st_size)}, over the {_size(MAX_BYTES)} limit",
            "split it into smaller documents, or raise TRANSLATE_MAX_BYTES",
        )
    try:
        raw = p.read_bytes()
    except PermissionError:
        raise InputError(f"{name}: permission denied", "make the file readable (chmod +r)") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a text file", "give the path of a text file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})", "check the file") from None
    return document_from_bytes(raw, path=name, lang=lang)


def _size(n: int) -> str:
    return f"{n / 2**20:,.1f} MiB" if n >= 2**20 else f"{n:,} bytes"


def document_from_bytes(raw: bytes, path: str | None = None, lang: str = "", *, repair: bool = True) -> Document:
    """Decode, repair and normalize the bytes of one input file.

    ``repair=False`` turns off mojibake repair and HTML extraction."""
    name = path or "<input>"
    text, encoding, warnings = decode(raw, name, lang=lang)
    if not text.strip():  # empty input is refused by the caller that needs text (require_text)
        return document_from_text(text, path=path, lang=lang, encoding=encoding, warnings=warnings)
    _check_controls(text, name)
    if repair:
        text = _repair_mojibake(text, name, warnings)
        if looks_like_html(text):
            text, n_par = html_to_text(text, name)
            if not text.strip():
                raise InputError(f"{name}: HTML file without any text", "give the text of the page")
            warnings.append(
                f"{name}: looks like HTML, not plain text; extracted its text ({n_par} paragraphs, markup, "
                "scripts and styles dropped; offsets refer to the extracted text)"
            )
    return document_from_text(text, path=path, lang=lang, encoding=encoding, warnings=warnings)


def require_text(doc: Document) -> Document:
    """Refuse an empty or whitespace-only document (one line, exit 2)."""
    if not doc.text.strip():
        what = "file is empty" if not doc.text else "file contains only whitespace"
        raise InputError(f"{doc.path or '<input>'}: {what}", "give a file that contains the text")
    return doc


def document_from_text(
    text: str,
    path: str | None = None,
    lang: str = "",
    encoding: str = "utf-8",
    warnings: list[str] | None = None,
) -> Document:
    if is_normalized(text):
        normalized, offset_map = text, None
    else:
        normalized, offset_map = normalize(text)
    identity = normalized == text
    return Document(
        text=normalized,
        path=path,
        lang=lang,
        encoding=encoding,
        original=None if identity else text,
        offset_map=None if identity else offset_map,  # type: ignore[arg-type]
        warnings=list(warnings or []),
    )


def decode(raw: bytes, name: str = "<input>", lang: str = "") -> tuple[str, str, list[str]]:
    """Decode bytes; return (text, encoding, warnings)."""
    warnings: list[str] = []
    kind = _binary_kind(raw)
    if kind:
        article = "an" if kind[:1].lower() in "aeiou" else "a"
        raise InputError(f"{name}: is {article} {kind} file, not plain text", "export or save it as plain text (.txt, UTF-8)")
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[3:], "utf-8", name), "utf-8-sig", warnings
    if raw.startswith(codecs.BOM_UTF16_LE):
        return _strict(raw[2:], "utf-16-le", name), "utf-16-le", warnings
    if raw.startswith(codecs.BOM_UTF16_BE):
        return _strict(raw[2:], "utf-16-be", name), "utf-16-be", warnings
    guess = _utf16_without_bom(raw)
    if guess:
        try:
            return raw.decode(guess), guess, warnings
        except UnicodeDecodeError:
            raise InputError(f"{name}: looks like a binary file (NUL bytes)", "give a plain-text file (UTF-8)") from None
    if b"\x00" in raw[:65536]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes)", "give a plain-text file (UTF-8)")
    try:
        return raw.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    import ftfy.bad_codecs  # noqa: F401  registers sloppy-windows-125x (lossless: undefined bytes -> Latin-1)

    codepage = "windows-1258" if lang.lower().startswith("vi") else "windows-1252"
    text = raw.decode("sloppy-" + codepage)
    warnings.append(
        f"{name}: not valid UTF-8, read as {codepage.replace('windows-', 'cp')}; check accented characters "
        "(re-save the file as UTF-8 to be sure)"
    )
    return text, codepage.replace("windows-", "cp"), warnings


def _binary_kind(raw: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            if magic == b"MZ" and b"\x00" not in raw[:512]:
                continue  # a text that starts with "MZ"
            if magic == b"BZh" and not raw[3:4].isdigit():
                continue
            return kind
    return None


def _check_controls(text: str, name: str) -> None:
    """Reject text whose sample is full of control characters (a binary file that
    happens to decode)."""
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // 20):
        raise InputError(
            f"{name}: looks like a binary file ({controls} control characters in the first {len(sample)})",
            "give a plain-text file (UTF-8)",
        )


def _repair_mojibake(text: str, name: str, warnings: list[str]) -> str:
    """Fix lines ftfy recognises as mojibake; leave everything else untouched."""
    if not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy

    lines = text.split("\n")
    fixed_lines: list[int] = []
    for i, line in enumerate(lines):
        if not _MOJIBAKE_HINT.search(line):
            continue
        fixed, steps = ftfy.fix_encoding_and_explain(line)
        if fixed == line or not steps:
            continue
        # only pure re-encodings (encode with one codec, decode with another) are safe
        if any(step[0] not in ("encode", "decode", "transcode") for step in steps):
            continue
        if "\ufffd" in fixed and "\ufffd" not in line:
            continue
        lines[i] = fixed
        fixed_lines.append(i + 1)
    if not fixed_lines:
        return text
    shown = ", ".join(str(n) for n in fixed_lines[:5]) + (", ..." if len(fixed_lines) > 5 else "")
    warnings.append(
        f"{name}: repaired mojibake (text once decoded with the wrong encoding, e.g. 'Ã©' for 'é') with ftfy "
        f"on {len(fixed_lines)} line(s): {shown}; check them"
    )
    return "\n".join(lines)


def _strict(raw: bytes, encoding: str, name: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: invalid {encoding} at byte {exc.start}", "re-save the file as UTF-8"
        ) from None


def _utf16_without_bom(raw: bytes) -> str | None:
    """Detect UTF-16 without BOM from the position of NUL bytes in text that is
    mostly Latin script (ASCII letters, spaces and Vietnamese/Dutch letters below
    U+0100 all have a zero high byte)."""
    sample = raw[:4096]
    if len(sample) < 4 or len(raw) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.2 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.2 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


class OffsetMap(Sequence[int]):
    """``offset_map[i]`` = index in the original text of normalized char ``i``, with
    one extra entry for ``len(normalized)``.

    Stored as breakpoints of a piecewise shift (``orig = orig_k + (i - norm_k)``)
    instead of one integer per character: a 100 MB CRLF file needs a few hundred
    bytes, not gigabytes. Behaves like a read-only list of ints. Written by hand:
    no library maps NFC/line-end normalization offsets back to the input.
    """

    __slots__ = ("_norm", "_orig", "_len")

    def __init__(self, norm_starts: array, orig_starts: array, length: int) -> None:
        self._norm = norm_starts
        self._orig = orig_starts
        self._len = length

    @classmethod
    def identity(cls, n: int) -> OffsetMap:
        return cls(array("q", [0]), array("q", [0]), n + 1)

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._len))]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError("offset map index out of range")
        k = bisect.bisect_right(self._norm, i) - 1
        return self._orig[k] + (i - self._norm[k])

    def __iter__(self) -> Iterator[int]:
        bps = len(self._norm)
        for k in range(bps):
            end = self._norm[k + 1] if k + 1 < bps else self._len
            base = self._orig[k] - self._norm[k]
            for i in range(self._norm[k], end):
                yield base + i

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (OffsetMap, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __repr__(self) -> str:
        return f"OffsetMap(len={self._len}, breakpoints={len(self._norm)})"


class _MapBuilder:
    def __init__(self) -> None:
        self.norm = array("q")
        self.orig = array("q")
        self.pos = 0  # normalized chars emitted
        self.delta: int | None = None  # orig - norm of the current run

    def point(self, orig: int) -> None:
        """Next normalized char maps to ``orig``."""
        if self.delta is None or orig - self.pos != self.delta:
            self.norm.append(self.pos)
            self.orig.append(orig)
            self.delta = orig - self.pos
        self.pos += 1

    def run(self, orig: int, n: int) -> None:
        """Next ``n`` normalized chars map to ``orig, orig+1, ...``."""
        if n <= 0:
            return
        self.point(orig)
        self.pos += n - 1

    def finish(self, orig_len: int) -> OffsetMap:
        self.point(orig_len)
        return OffsetMap(self.norm, self.orig, self.pos)


@lru_cache(maxsize=1)
def _unstable() -> re.Pattern[str]:
    """Line breaks to fix, or runs of characters that NFC may change: combining
    marks, characters that compose with the one before them (NFC_QC=Maybe) and
    characters NFC replaces (NFC_QC=No). Everything else is left as it is by NFC,
    so text without a match is already normalized. (``unicodedata.is_normalized``
    took seconds on a 13 MB Vietnamese text; this scan is a C regex search.)
    All such characters lie in U+0300..U+2FA1D (checked over all of Unicode).
    Written by hand: no library exposes the NFC quick-check property as a regex."""
    second: set[int] = set()
    unstable: list[int] = []
    for c in range(0x300, 0x30000):
        ch = chr(c)
        d = unicodedata.decomposition(ch)
        if d and not d.startswith("<"):
            parts = d.split()
            if len(parts) == 2:
                second.add(int(parts[1], 16))
        if unicodedata.combining(ch) or not unicodedata.is_normalized("NFC", ch):
            unstable.append(c)
    # astral characters are all sent to the cluster path (few texts have many):
    # a character class with astral ranges is matched range by range, 30x slower
    # Hangul syllables compose algorithmically (no decomposition entry): V and T jamo
    second.update(range(0x1161, 0x1176))
    second.update(range(0x11A8, 0x11C3))
    codes = sorted(c for c in set(unstable) | second if c < 0x10000)
    ranges: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        ranges.append(re.escape(chr(codes[i])) + ("-" + re.escape(chr(codes[j])) if j > i else ""))
        i = j + 1
    return re.compile("\r\n?|[" + "".join(ranges) + "\U00010000-\U0010ffff]+")


def is_normalized(text: str) -> bool:
    """True when ``normalize`` would return ``text`` unchanged."""
    return _unstable().search(text) is None


def normalize(text: str) -> tuple[str, OffsetMap]:
    """NFC + LF line ends, with a map from each output char to its input index.

    Only the places found by ``_unstable`` are touched: a CR or CRLF becomes LF;
    a run of NFC-unstable characters is normalized together with the character
    before it (a starter that never composes backwards, so NFC of the whole text
    equals NFC cluster by cluster), and every output char of a changed cluster
    maps to the start of the sub-cluster it came from.
    """
    out: list[str] = []
    mb = _MapBuilder()
    pos = 0
    for m in _unstable().finditer(text):
        s, e = m.span()
        if text[s] == "\r":
            if s > pos:
                out.append(text[pos:s])
                mb.run(pos, s - pos)
            out.append("\n")
            mb.point(s)
            pos = e
            continue
        c_start = s - 1 if s > pos else s  # include the starter before the run
        if c_start > pos:
            out.append(text[pos:c_start])
            mb.run(pos, c_start - pos)
        _normalize_cluster(text[c_start:e], c_start, out, mb)
        pos = e
    if pos < len(text):
        out.append(text[pos:])
        mb.run(pos, len(text) - pos)
    return "".join(out), mb.finish(len(text))


def _normalize_cluster(cluster: str, base: int, out: list[str], mb: _MapBuilder) -> None:
    nfc = unicodedata.normalize("NFC", cluster)
    if nfc == cluster:
        out.append(cluster)
        mb.run(base, len(cluster))
        return
    # map finer where possible: split at characters with combining class 0
    parts = _starter_parts(cluster)
    nfc_parts = [unicodedata.normalize("NFC", p) for p in parts]
    if "".join(nfc_parts) != nfc:  # composition across starters (Hangul jamo, some Indic vowels)
        parts, nfc_parts = [cluster], [nfc]
    off = base
    for part, np_ in zip(parts, nfc_parts):
        out.append(np_)
        if np_ == part:
            mb.run(off, len(part))
        else:
            for _ in np_:
                mb.point(off)
        off += len(part)


def _starter_parts(cluster: str) -> list[str]:
    parts: list[str] = []
    cur = ""
    for ch in cluster:
        if cur and not unicodedata.combining(ch):
            parts.append(cur)
            cur = ""
        cur += ch
    if cur:
        parts.append(cur)
    return parts
