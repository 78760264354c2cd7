"""English counts with the right plural: ``1 row``, ``2 rows``, ``1,234 processes``."""

from __future__ import annotations

__all__ = ["count_of", "plural_of"]

#: Words whose plural is not the word plus ``s``/``es``.
_IRREGULAR = {"information": "information", "entry": "entries", "category": "categories"}


def plural_of(word: str) -> str:
    """The English plural of ``word`` (``process`` -> ``processes``, ``release`` -> ``releases``)."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def count_of(count: int, word: str) -> str:
    """``count`` and ``word``, in the plural unless the count is one: ``1 row``, ``2,500 rows``."""
    return f"{count:,} {word if count == 1 else plural_of(word)}"
