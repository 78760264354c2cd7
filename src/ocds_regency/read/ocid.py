"""The one pattern of a JSON object whose first member is a plain ``ocid``: ``{"ocid":"ocds-213czf-1",...``.

Two readers look for it at the start of a line of JSON Lines without decoding the line:

- :class:`~ocds_regency.read.releases.ReleaseReader` (lazy mode) takes the ocid and leaves the rest of the
  line to be decoded where the release is merged (:data:`OCID_FIRST`);
- the compile engine finds where each ocid's group starts in a large file, to cut it in ranges
  (:data:`~ocds_regency.compile.work.RANGE_LINE`, built with :func:`ocid_member` and the same spacing, so
  both capture the same ocid from the same line).

Only JSON's whitespace (space, tab, carriage return; a line feed ends a line) may stand between the tokens,
and the ocid must be plain text: no escape, no quote, no line feed.
"""

from __future__ import annotations

import re

__all__ = ["LINE_SPACE", "OCID_FIRST", "ocid_member"]

#: JSON whitespace within one line.
LINE_SPACE = rb"[ \t\r]"


def ocid_member(space: bytes = LINE_SPACE) -> bytes:
    """The pattern of ``{"ocid":"<ocid>",`` with ``space`` allowed between tokens; group 1 is the ocid."""
    return rb"\{" + space + rb'*"ocid"' + space + rb"*:" + space + rb'*"([^"\\\n]+)"' + space + rb"*,"


#: A line of JSON Lines holding an object whose first member is a plain ocid (group 1: the ocid).
OCID_FIRST = re.compile(rb"\A" + LINE_SPACE + rb"*" + ocid_member())
