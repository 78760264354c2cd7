"""Input and output of the Dask path on any storage fsspec knows: local paths, ``file://``, ``s3://``, ``gs://``…

Every worker must reach the same input and output: a shared file system mounted at the same path on every
server (NFS, CephFS, a cloud file share), or object storage named by URL (``s3://bucket/isb/2025/`` with
``s3fs`` installed, ``gs://…`` with ``gcsfs``; credentials come from the environment as those libraries
read them, never from the command line). ``memory://`` serves the tests.

The library's readers and the validator read local files; a worker copies a remote input to a temporary
file first (:func:`fetched`), one file at a time, so its disk holds at most the files it is reading. Output
is made in a local temporary directory and published in one step per file (:func:`publish`): a rename on a
local or shared file system, one upload on object storage (an object appears only once its upload is
complete). A partition that fails half-way, or is computed again after its worker was lost, therefore never
leaves half a file, and its second run replaces the first.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from ocds_regency.dask._engine import _fsspec
from ocds_regency.errors import InputError
from ocds_regency.read.detect import DATA_SUFFIXES
from ocds_regency.read.isb import NOT_DATA, iter_input_files

__all__ = ["fetched", "input_files", "is_local", "join", "local_path", "makedirs", "publish", "staging"]


def is_local(location: str | os.PathLike[str]) -> bool:
    """``location`` is a path or a ``file://`` URL (not another fsspec protocol)."""
    text = os.fspath(location)
    return "://" not in text or text.startswith("file://")


def local_path(location: str | os.PathLike[str]) -> str:
    """The absolute local path of a path or ``file://`` URL."""
    text = os.fspath(location)
    return os.path.abspath(text.removeprefix("file://"))


def _fs(url: str) -> tuple[Any, str]:
    fs, path = _fsspec().core.url_to_fs(url)
    return fs, str(path)


def _url(fs: Any, path: str) -> str:
    return str(fs.unstrip_protocol(path))


def join(location: str, *names: str) -> str:
    """``location`` (a path or URL of a directory) joined with ``names``."""
    if is_local(location):
        return os.path.join(local_path(location), *names)
    return location.rstrip("/") + "/" + "/".join(names)


def input_files(inputs: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The data files of ``inputs`` (files or directories, paths or URLs), directories walked in name order.

    Raises:
        InputError: an input does not exist.
    """
    files: list[str] = []
    for item in inputs:
        if is_local(item):
            files += [str(path) for path in iter_input_files([local_path(item)])]
            continue
        url = os.fspath(item)
        fs, path = _fs(url)
        if fs.isdir(path):
            found = []
            for child in fs.find(path):
                relative = PurePosixPath(str(child)).relative_to(PurePosixPath(path.rstrip("/") or "/"))
                name = relative.name
                hidden = any(part.startswith(".") for part in relative.parts)
                if hidden or name in NOT_DATA or relative.suffix.lower() not in DATA_SUFFIXES:
                    continue
                found.append(str(child))
            files += [_url(fs, child) for child in sorted(found)]
        elif fs.exists(path):
            files.append(url)
        else:
            raise InputError("no such file or directory", source=url)
    return files


@contextlib.contextmanager
def fetched(location: str) -> Iterator[str]:
    """A local path with the content of ``location``: itself when local, else a temporary copy (removed after)."""
    if is_local(location):
        yield local_path(location)
        return
    fs, path = _fs(location)
    folder = tempfile.mkdtemp(prefix="ocds-regency-")
    try:
        local = os.path.join(folder, PurePosixPath(path).name or "input")
        try:
            fs.get_file(path, local)
        except FileNotFoundError:
            raise InputError("no such file or directory", source=location) from None
        yield local
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def makedirs(location: str) -> None:
    """Create the directory ``location`` (and its parents) if it is missing (object storage needs none)."""
    if is_local(location):
        os.makedirs(local_path(location), exist_ok=True)
    else:
        fs, path = _fs(location)
        fs.makedirs(path, exist_ok=True)


@contextlib.contextmanager
def staging(location: str) -> Iterator[Path]:
    """A local temporary directory for files to :func:`publish` under the directory ``location`` (removed after).

    For a local ``location`` it is a hidden folder inside it, on the same file system, so publishing is a rename.
    """
    root = local_path(location) if is_local(location) else None
    if root is not None:
        os.makedirs(root, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def publish(source: Path, location: str) -> None:
    """Put the finished local file ``source`` at ``location`` in one step (a rename, or one upload)."""
    if not is_local(location):
        fs, path = _fs(location)
        fs.put_file(str(source), path)
        return
    target = Path(local_path(location))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(source, target)
    except OSError:  # another file system: copy next to the target, then rename
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        os.close(handle)
        try:
            shutil.copyfile(source, temporary)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
