"""Exceptions and warnings raised by ocds-regency.

Every exception derives from :class:`OcdsRegencyError` and every warning from
:class:`OcdsRegencyWarning`. Concrete errors also inherit the builtin exception they narrow, so an
``except ValueError`` written before a finer class existed keeps working.

```
OcdsRegencyError
├── SchemaError                       the bundled or a given schema can't be used
│   └── ExtensionError                an extension can't be loaded or applied
│       └── UnknownExtensionError     (LookupError) no bundled extension or directory by that name
├── InputError                        (ValueError) input can't be read: carries source and position
├── ParseError                        (ValueError) a local value (Rupiah, date, NPWP) can't be parsed
└── MergeError                        releases can't be merged: carries ocid, path, release index
OcdsRegencyWarning (UserWarning)
└── ExtensionWarning                  an extension declared in a package can't be resolved offline
```

Later stages add their own subclasses (merge, validation, conversion) next to this tree; each keeps
the location attributes of its base so that a command-line tool can name the file, row and field.
"""

from __future__ import annotations

__all__ = [
    "ExtensionError",
    "ExtensionWarning",
    "InputError",
    "MergeError",
    "OcdsRegencyError",
    "OcdsRegencyWarning",
    "ParseError",
    "SchemaError",
    "UnknownExtensionError",
]


class OcdsRegencyError(Exception):
    """Base class of every exception raised by ocds-regency."""


class OcdsRegencyWarning(UserWarning):
    """Base class of every warning issued by ocds-regency."""


class SchemaError(OcdsRegencyError):
    """A schema (bundled, patched by extensions, or given by the user) can't be used."""


class ExtensionError(SchemaError):
    """An OCDS extension can't be loaded or applied."""


class UnknownExtensionError(ExtensionError, LookupError):
    """No bundled extension has this name or URL, and it is not an extension directory."""


class ExtensionWarning(OcdsRegencyWarning):
    """An extension named by the data can't be resolved offline; it is skipped, never fetched."""


class InputError(OcdsRegencyError, ValueError):
    """Input can't be read.

    Attributes:
        source: the file name (or ``"<stdin>"``) the input came from, if known.
        position: a human-readable position in that source (``"line 12"``, ``"row 5"``, a byte offset).
    """

    def __init__(self, message: str, *, source: str | None = None, position: str | None = None) -> None:
        self.source = source
        self.position = position
        where = ", ".join(part for part in (source, position) if part)
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message


class ParseError(OcdsRegencyError, ValueError):
    """A local value (a Rupiah amount, an Indonesian date, an NPWP, ...) can't be parsed.

    Attributes:
        value: the offending text.
        kind: what was being parsed (``"rupiah"``, ``"date"``, ``"npwp"``, ...).
    """

    def __init__(self, message: str, *, value: object = None, kind: str | None = None) -> None:
        self.value = value
        self.kind = kind
        super().__init__(message)


class MergeError(OcdsRegencyError):
    """Releases can't be merged.

    Attributes:
        ocid: the contracting process, if known.
        path: the JSON path (tuple of keys and indices) where the problem is, if known.
        index: the position of the offending release in the input, if known.
    """

    def __init__(
        self,
        message: str,
        *,
        ocid: str | None = None,
        path: tuple[str | int, ...] | None = None,
        index: int | None = None,
    ) -> None:
        self.ocid = ocid
        self.path = path
        self.index = index
        super().__init__(message)
