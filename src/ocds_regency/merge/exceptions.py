"""Errors and warnings raised while merging releases.

Every error derives from :class:`ocds_regency.errors.MergeError` (so it carries ``ocid``, ``path`` and
``index``) and also from the builtin exception that ocdsmerge raises in the same situation, so code written
against ocdsmerge's ``except KeyError`` / ``except TypeError`` keeps working:

```
MergeError
├── MissingDateKeyError        (KeyError)   a release to be sorted has no ``date``
├── NullDateValueError         (TypeError)  a release to be sorted has ``"date": null``
├── NonStringDateValueError    (TypeError)  dates that can't be compared (e.g. a number and a string)
├── NonObjectReleaseError      (TypeError)  a release is not a JSON object
├── InconsistentTypeError      (TypeError)  a path is a literal, an object or an array in different releases
└── InvalidIdError             (TypeError)  an ``id`` in an array is an object or an array
MergeWarning (OcdsRegencyWarning)
└── DuplicateIdValueWarning                 two objects of one array in one release share an ``id``
```
"""

from __future__ import annotations

from ocds_regency.errors import MergeError, OcdsRegencyWarning

__all__ = [
    "DuplicateIdValueWarning",
    "InconsistentTypeError",
    "InvalidIdError",
    "MergeWarning",
    "MissingDateKeyError",
    "NonObjectReleaseError",
    "NonStringDateValueError",
    "NullDateValueError",
]


class MissingDateKeyError(MergeError, KeyError):
    """A release has no ``date``, so the releases can't be put in order.

    Attributes:
        key: always ``"date"`` (as in ocdsmerge).
    """

    key = "date"

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class NullDateValueError(MergeError, TypeError):
    """A release has ``"date": null``, so the releases can't be put in order."""


class NonStringDateValueError(MergeError, TypeError):
    """Release dates of different types (e.g. a number and a string) can't be put in order."""


class NonObjectReleaseError(MergeError, TypeError):
    """A release is not a JSON object (a string, an array, a number...)."""


class InconsistentTypeError(MergeError, TypeError):
    """A field is a literal or an array in one release and an object in another (or an object, then an array)."""


class InvalidIdError(MergeError, TypeError):
    """An object in an identifier-merged array has an ``id`` that is itself an object or an array."""


class MergeWarning(OcdsRegencyWarning):
    """Base class of warnings issued while merging.

    Attributes:
        ocid: the contracting process, if known.
        path: the rule path (field names, no array positions) where it happened.
        index: the position of the release in the merged sequence, if known.
    """

    def __init__(
        self,
        message: str,
        *,
        ocid: str | None = None,
        path: tuple[str, ...] | None = None,
        index: int | None = None,
    ) -> None:
        super().__init__(message)
        self.ocid = ocid
        self.path = path
        self.index = index


class DuplicateIdValueWarning(MergeWarning):
    """Two objects in the same array of one release have the same ``id``; the later one's fields win."""
