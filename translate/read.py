"""Stage 1 — read: bytes from disk to a normalized :class:`Document`.

Decoding: BOM first (UTF-8, UTF-16 LE/BE), then strict UTF-8, then UTF-16 without
BOM when the NUL pattern says so, then cp1252 as a last resort (with a warning).
Normalization: CRLF and lone CR become LF, text is NFC. An offset map keeps every
normalized character traceable to the decoded original.
"""

from __future__ import annotations

import codecs
import os
import unicodedata
from pathlib import Path

from .data import Document
from .errors import InputError

MAX_BYTES = 512 * 1024 * 1024


def read_document(path: str | os.PathLike[str], lang: str = "") -> Document:
    """Read a text file the user gave; raise InputError with a one-line reason."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(f"{name}: no such file", "check the path")
    if p.is_dir():
        raise InputError(f"{name}: is a directory, not a text file", "give the path of a text file")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{name}: file is {size // (1024 * 1024)} MiB, over the {MAX_BYTES // (1024 * 1024)} MiB limit",
                "split it into documents",
            )
        raw = p.read_bytes()
    except PermissionError:
        raise InputError(f"{name}: permission denied", "make the file readable") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})", "check the file") from None
    return document_from_bytes(raw, path=name, lang=lang)


def document_from_bytes(raw: bytes, path: str | None = None, lang: str = "") -> Document:
    name = path or "<input>"
    text, encoding, warnings = decode(raw, name)
    return document_from_text(text, path=path, lang=lang, encoding=encoding, warnings=warnings)


def document_from_text(
    text: str,
    path: str | None = None,
    lang: str = "",
    encoding: str = "utf-8",
    warnings: list[str] | None = None,
) -> Document:
    normalized, offset_map = normalize(text)
    identity = normalized == text
    return Document(
        text=normalized,
        path=path,
        lang=lang,
        encoding=encoding,
        original=None if identity else text,
        offset_map=None if identity else offset_map,
        warnings=list(warnings or []),
    )


def decode(raw: bytes, name: str = "<input>") -> tuple[str, str, list[str]]:
    """Decode bytes; return (text, encoding, warnings)."""
    warnings: list[str] = []
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[3:], "utf-8", name), "utf-8-sig", warnings
    if raw.startswith(codecs.BOM_UTF16_LE):
        return _strict(raw[2:], "utf-16-le", name), "utf-16-le", warnings
    if raw.startswith(codecs.BOM_UTF16_BE):
        return _strict(raw[2:], "utf-16-be", name), "utf-16-be", warnings
    guess = _utf16_without_bom(raw)
    if guess:
        try:
            text = raw.decode(guess)
        except UnicodeDecodeError:
            text = ""
        if text and not _looks_binary(text):
            return text, guess, warnings
        raise InputError(f"{name}: looks like a binary file (NUL bytes)", "give a plain-text file")
    if b"\x00" in raw[:8192]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes)", "give a plain-text file")
    try:
        return raw.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    text = raw.decode("cp1252", errors="replace")
    warnings.append(f"{name}: not valid UTF-8, read as cp1252 (Windows-1252); check accented characters")
    return text, "cp1252", warnings


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls > 0.05 * max(1, len(sample))


def _strict(raw: bytes, encoding: str, name: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: invalid {encoding} at byte {exc.start}", "re-save the file as UTF-8"
        ) from None


def _utf16_without_bom(raw: bytes) -> str | None:
    """Detect UTF-16 without BOM from the position of NUL bytes in mostly-ASCII text."""
    sample = raw[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def normalize(text: str) -> tuple[str, list[int]]:
    """NFC + LF line ends, with a map from each output char to its input index.

    NFC is applied per cluster (a starter and the combining marks after it), which
    is where composition happens, so each output char maps to the start of the
    cluster it came from.
    """
    out: list[str] = []
    offsets: list[int] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\r":
            out.append("\n")
            offsets.append(i)
            i += 2 if i + 1 < n and text[i + 1] == "\n" else 1
            continue
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        if j - i == 1 and ord(ch) < 0x300:
            out.append(ch)
            offsets.append(i)
        else:
            for c in unicodedata.normalize("NFC", cluster):
                out.append(c)
                offsets.append(i)
        i = j
    offsets.append(n)
    return "".join(out), offsets
