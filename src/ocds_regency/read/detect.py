"""Tell what an input is from its content: the file format, and (for tables) the ISB dataset.

:func:`detect_format` looks at the first bytes (a ZIP signature is a workbook; ``[`` or ``{`` after an
optional BOM and white space is JSON; anything else is read as delimited text). The file name's extension
is only consulted to tell JSON Lines (``.jsonl``, ``.ndjson``) from a JSON document.
:func:`detect_dataset` (re-exported from :mod:`ocds_regency.isb.datasets`) names the ISB dataset of a table
from its columns.
"""

from __future__ import annotations

from typing import Literal

from ocds_regency.isb.datasets import detect_dataset

__all__ = ["Format", "detect_dataset", "detect_format"]

#: The table formats the readers understand.
Format = Literal["csv", "xlsx", "json", "jsonl"]

#: File extensions read when a directory is walked (``.txt`` is not one: notes, passwords, read-me files).
DATA_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".xlsx", ".xlsm"})


def detect_format(head: bytes, name: str = "") -> Format:
    """Name the format of a file from its first bytes (and, for JSON Lines, its extension).

    Args:
        head: the first few kilobytes of the file.
        name: the file name.

    Returns:
        ``"xlsx"``, ``"json"``, ``"jsonl"`` or ``"csv"``.
    """
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    lower = name.lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if lower.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if stripped[:1] in (b"[", b"{") or (not stripped and lower.endswith(".json")):
        return "json"
    return "csv"
