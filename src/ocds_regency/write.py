"""The file writers: JSON, JSON Lines and packages, streaming, and files replaced atomically.

```python
with open_output("compiled.jsonl") as out:        # a temp file beside the target, renamed on success
    with JsonLinesWriter(out) as lines:
        lines.write(compiled_release)

with open_output("records.json") as out, PackageWriter(out, "records", metadata) as package:
    package.write(record)                         # one record at a time, never the whole package in memory
```

Every value is serialised by the JSON codec, :func:`ocds_regency.codec.dumps` (re-exported here): numbers
given as :class:`~decimal.Decimal` are written exactly as they are (``1.10`` stays ``1.10``).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from ocds_regency.codec import dumps
from ocds_regency.errors import OcdsRegencyError

__all__ = [
    "JsonLinesWriter",
    "OutputError",
    "PackageWriter",
    "current_umask",
    "dumps",
    "open_output",
    "write_json",
    "write_text",
]


class OutputError(OcdsRegencyError, OSError):
    """The output can't be written (the message names the file)."""


class _GuardedFile(io.FileIO):
    """A file whose write errors (disk full, device refusing data) name the output and its problem."""

    def __init__(self, fd: int | str, mode: str, label: str) -> None:
        super().__init__(fd, mode)
        self.label = label

    def write(self, data: Any) -> int:
        try:
            return super().write(data)
        except OSError as exc:
            raise _output_error(self.label, exc) from exc

    def close(self) -> None:
        try:
            super().close()
        except OSError as exc:
            raise _output_error(self.label, exc) from exc


def _output_error(label: str, exc: OSError) -> OutputError:
    if isinstance(exc, OutputError):
        return exc
    return OutputError(f"{label}: can't write: {exc.strerror or exc}")


class _GuardedStdout(io.RawIOBase):
    """Standard output as a raw stream whose failures (closed, broken pipe, full) become :class:`OutputError`."""

    def __init__(self, target: IO[bytes]) -> None:
        super().__init__()
        self._target = target

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        try:
            return self._target.write(data)
        except (OSError, ValueError) as exc:
            raise _stdout_error(exc) from exc

    def flush(self) -> None:
        try:
            self._target.flush()
        except (OSError, ValueError) as exc:
            raise _stdout_error(exc) from exc


def _stdout_error(exc: Exception) -> OutputError:
    if isinstance(exc, OSError) and exc.strerror and exc.errno != errno.EBADF:
        return OutputError(f"<stdout>: can't write: {exc.strerror}")
    return OutputError("<stdout>: can't write: standard output is closed")


@contextlib.contextmanager
def open_output(path: str | os.PathLike[str] | None) -> Iterator[IO[bytes]]:
    """Open a binary output: standard output for ``None`` or ``"-"``, else a file replaced atomically.

    A regular file is written to a temporary file in the same directory and renamed over the target only
    when the ``with`` block ends without an exception, so readers never see half a file and a failed run
    leaves the old file (and no temporary file) in place. A target that exists and is not a regular file
    (``/dev/null``, a pipe, a terminal) is written in place: it is never replaced. A symbolic link to a
    file is followed (the file it points to is replaced, the link stays).

    Every failure (a closed or broken standard output, a full disk, a read-only directory) raises
    :class:`OutputError` with one line naming the output.

    Raises:
        OutputError: the output can't be created, written or renamed.
    """
    if path is None or str(path) == "-":
        if sys.stdout is None:  # the process was started with its standard output closed
            raise OutputError("<stdout>: can't write: standard output is closed")
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        stream = io.BufferedWriter(_GuardedStdout(sys.stdout.buffer), 1 << 16)
        try:
            yield stream
            stream.flush()
        finally:
            with contextlib.suppress(OSError, ValueError):
                stream.detach()
        return
    target = Path(path)
    label = os.fspath(path)
    if target.is_symlink() and target.resolve().is_file():
        target = target.resolve()
    try:
        special = target.exists() and not target.is_file()
    except OSError:  # pragma: no cover - a path that can't even be looked at
        special = False
    if special:
        if target.is_dir():
            raise OutputError(f"{label}: can't write: is a directory")
        # A device, pipe or terminal: written in place, never replaced by a regular file.
        try:
            raw = _GuardedFile(os.fspath(target), "wb", label)
        except OSError as exc:
            raise _output_error(label, exc) from None
        device = io.BufferedWriter(raw, 1 << 20)
        try:
            yield device
            device.close()
        finally:
            with contextlib.suppress(OSError):
                device.close()
        return
    directory = target.parent if str(target.parent) else Path(".")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        # mkstemp makes the file private (0600); an output is meant to be read, like any file the user
        # creates: give it the permissions the umask allows (0644 under the usual 022).
        os.fchmod(handle, 0o666 & ~current_umask())
    except OSError as exc:
        raise _output_error(label, exc) from None
    temporary = io.BufferedWriter(_GuardedFile(handle, "wb", label), 1 << 20)
    try:
        yield temporary
        temporary.close()
        os.replace(temp_name, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.close()
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError) and exc.filename in (temp_name, None):
            raise _output_error(label, exc) from exc
        raise


def current_umask() -> int:
    """The process's file-creation mask (read without changing it where the system allows)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore at once
    os.umask(mask)
    return mask


def write_text(path: str | os.PathLike[str] | None, text: str) -> None:
    """Write text (UTF-8, ending with a newline) to a file, atomically, or to standard output."""
    with open_output(path) as out:
        out.write(text.encode("utf-8"))
        if not text.endswith("\n"):
            out.write(b"\n")


def write_json(path: str | os.PathLike[str] | None, value: Any, *, pretty: bool = False) -> None:
    """Write one JSON value to a file (atomically) or to standard output (``None`` / ``"-"``)."""
    with open_output(path) as out:
        out.write(dumps(value, pretty=pretty))
        out.write(b"\n")


class JsonLinesWriter:
    """Write one JSON value per line.

    Args:
        stream: a binary stream (see :func:`open_output`).
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.count = 0

    def write(self, value: Any) -> None:
        """Write one value as one line."""
        self.stream.write(dumps(value) + b"\n")
        self.count += 1

    def write_raw(self, line: bytes) -> None:
        """Write an already serialised value (without its newline)."""
        self.stream.write(line)
        self.stream.write(b"\n")
        self.count += 1

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.flush()


class PackageWriter:
    """Write a release or record package one release/record at a time.

    The package metadata (``uri``, ``publisher``, ...) goes first. If it is not known yet when writing
    starts (``metadata=None``), items are spooled to a temporary file and the package is assembled when
    :meth:`set_metadata` is called or the writer is closed, so memory use never depends on the package size.

    Args:
        stream: the binary output.
        key: ``"records"`` or ``"releases"``.
        metadata: the package fields other than ``key``, in output order.
        pretty: indent the metadata (items stay one per line).
    """

    def __init__(
        self, stream: IO[bytes], key: str, metadata: Mapping[str, Any] | None = None, *, pretty: bool = False
    ) -> None:
        self.stream = stream
        self.key = key
        self.pretty = pretty
        self.count = 0
        self._spool: IO[bytes] | None = None
        self._target: IO[bytes] = stream
        self._metadata: Mapping[str, Any] | None = None
        self._closed = False
        if metadata is not None:
            self.set_metadata(metadata)
        else:
            self._spool = tempfile.TemporaryFile(prefix="ocds-regency-package-")  # noqa: SIM115 - closed in close()
            self._target = self._spool

    def set_metadata(self, metadata: Mapping[str, Any]) -> None:
        """Give the package metadata: the header is written, then any spooled items, then later ones directly.

        Once the header is written, later calls change nothing.
        """
        if self._metadata is not None:
            return
        self._metadata = metadata
        self._write_header()
        if self._spool is not None:
            self._spool.seek(0)
            shutil.copyfileobj(self._spool, self.stream, 1 << 20)
            self._spool.close()
            self._spool = None
        self._target = self.stream

    def _write_header(self) -> None:
        head = dict(self._metadata or {})
        head.pop(self.key, None)
        text = dumps(head, pretty=self.pretty)
        opening = text[:-1].rstrip()
        separator = b"," if head else b""
        self.stream.write(opening + separator + b'\n"' + self.key.encode() + b'":[\n')

    def write(self, item: Any) -> None:
        """Write one release or record."""
        self.write_raw(dumps(item))

    def write_raw(self, data: bytes) -> None:
        """Write one already serialised release or record."""
        if self.count:
            self._target.write(b",\n")
        self._target.write(data)
        self.count += 1

    def close(self) -> None:
        """Finish the package (writes the header first if items were spooled)."""
        if self._closed:
            return
        self._closed = True
        if self._metadata is None:
            self.set_metadata({})
        self.stream.write(b"\n]}\n")
        self.stream.flush()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if exc_type is None or not issubclass(exc_type, (OutputError, BrokenPipeError)):
            self.close()
        elif self._spool is not None:
            self._spool.close()
