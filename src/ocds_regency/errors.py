"""The bases of every exception and warning ocds-regency raises, and the errors every stage shares.

Every exception derives from :class:`OcdsRegencyError` and every warning from
:class:`OcdsRegencyWarning`. Concrete errors also inherit the builtin exception they narrow, so an
``except ValueError`` written before a finer class existed keeps working. Each stage defines its own
subclasses next to its code, keeping the location attributes of its base so that a command-line tool can
name the file, row and field.

The whole tree, with where each class lives and when it is raised, is drawn once, in the maintainer docs
(``docs/architecture.md``, "The error tree"); a test checks the drawing against these classes.
"""

from __future__ import annotations

from ocds_regency.i18n import Message

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
        message: what is wrong, in English, without the location.
        problem: the same as a catalog :class:`~ocds_regency.i18n.Message` (a code and parameters), when the
            error was raised with one (e.g. an unknown dataset, which the reader may report per row).
    """

    def __init__(self, message: str | Message, *, source: str | None = None, position: str | None = None) -> None:
        self.source = source
        self.position = position
        self.problem = message if isinstance(message, Message) else None
        self.message = str(message)
        where = ", ".join(part for part in (source, position) if part)
        super().__init__(f"{where}: {self.message}" if where else self.message)


class ParseError(OcdsRegencyError, ValueError):
    """A local value (a Rupiah amount, an Indonesian date, an NPWP, ...) can't be parsed.

    Attributes:
        value: the offending text.
        kind: what was being parsed (``"rupiah"``, ``"date"``, ``"npwp"``, ...).
        problem: why, as a catalog :class:`~ocds_regency.i18n.Message` (a ``parse.*`` code and its
            parameters), when raised with one; ``str(error)`` is its English text.
    """

    def __init__(self, message: str | Message, *, value: object = None, kind: str | None = None) -> None:
        self.value = value
        self.kind = kind
        self.problem = message if isinstance(message, Message) else None
        super().__init__(str(message))


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
