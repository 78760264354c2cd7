"""Worker processes of the compile engine, fed through pipes.

Each worker holds the :class:`~ocds_regency.compile.work.GroupMerger` of the run that started it, takes
messages (a batch of groups, or a range of a file) off its pipe, and sends back the results (or the
exception that stopped it, raised again in the reading process).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import struct
import sys
import threading
from typing import TYPE_CHECKING, Any

from ocds_regency import _collector as collector
from ocds_regency.compile.work import Batch, GroupMerger, Range, Result
from ocds_regency.errors import OcdsRegencyError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

__all__ = ["Workers"]

_HEADER = struct.Struct("!Q")
#: Messages go straight through the pipes' file descriptors where there are some (not on Windows):
#: ``Connection.recv_bytes`` reads a large message in pipe-sized pieces into buffers allocated at the size
#: still missing, which costs more than the copy itself for the megabytes of a range's output.
_RAW = sys.platform != "win32"


def _send(connection: Connection, data: bytes) -> None:
    """Send one message (``b""``: the end)."""
    if not _RAW:
        connection.send_bytes(data)
        return
    fd = connection.fileno()
    view = memoryview(_HEADER.pack(len(data)) + data if len(data) < 65536 else data)
    if len(data) >= 65536:
        _write_all(fd, memoryview(_HEADER.pack(len(data))))
    _write_all(fd, view)


def _write_all(fd: int, view: memoryview) -> None:
    while view:
        view = view[os.write(fd, view) :]


def _receive(connection: Connection) -> bytes | bytearray:
    """Receive one message (``b""`` at the end or if the other side is gone)."""
    if not _RAW:
        try:
            return connection.recv_bytes()
        except (EOFError, OSError):
            return b""
    fd = connection.fileno()
    try:
        header = _read_exactly(fd, bytearray(_HEADER.size))
        if header is None:
            return b""
        (size,) = _HEADER.unpack(header)
        return _read_exactly(fd, bytearray(size)) or b""
    except OSError:
        return b""


def _read_exactly(fd: int, buffer: bytearray) -> bytearray | None:
    view = memoryview(buffer)
    while view:
        count = os.readv(fd, [view])
        if not count:
            return None
        view = view[count:]
    return buffer


class Workers:
    """Worker processes fed through pipes, without helper threads in this process (multiprocessing.Pool's
    threads contend for the GIL with the reading process). Batch ``n`` goes to worker ``n % count``; each
    worker takes batches off its pipe in a thread of its own as they come (so sending never waits for a
    result to be read), merges them in order and sends the results back, which are read in order.

    Args:
        count: how many processes.
        merging: what each of them merges with (its own copy).
    """

    def __init__(self, count: int, merging: GroupMerger) -> None:
        import multiprocessing  # here: most runs never start a worker, and the import is a sixth of start-up

        context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        self.connections: list[Connection] = []
        self.processes: list[BaseProcess] = []
        for _ in range(count):
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, merging), daemon=True)  # type: ignore[attr-defined]
            process.start()
            theirs.close()
            self.connections.append(ours)
            self.processes.append(process)
        self.sent = 0
        self.received = 0

    def send(self, batch: Batch) -> None:
        """Send a batch of groups to the next worker."""
        self._send(("batch", batch))

    def send_range(self, task: Range) -> None:
        """Send a range of a file to the next worker."""
        self._send(("range", task))

    def _send(self, message: tuple[str, Any]) -> None:
        _send(self.connections[self.sent % len(self.connections)], pickle.dumps(message, protocol=5))
        self.sent += 1

    def receive(self) -> list[Result]:
        """The results of the oldest batch or range in flight (waiting for them).

        Raises:
            OcdsRegencyError: a worker ended unexpectedly; or whatever stopped the worker.
        """
        data = _receive(self.connections[self.received % len(self.connections)])
        if not data:
            raise OcdsRegencyError("a worker process ended unexpectedly")
        self.received += 1
        results: list[Result] | BaseException = pickle.loads(data)
        if isinstance(results, BaseException):
            raise results
        return results

    @property
    def pending(self) -> int:
        """Batches and ranges sent whose results were not received yet."""
        return self.sent - self.received

    def close(self) -> None:
        """Tell every worker to stop, and wait for them (a few seconds at most)."""
        for connection in self.connections:
            with contextlib.suppress(OSError):
                _send(connection, b"")
            connection.close()
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()


def _serve(connection: Connection, merging: GroupMerger) -> None:
    with collector.paused():  # merged data holds no reference cycles
        _answer(connection, merging)


def _answer(connection: Connection, merging: GroupMerger) -> None:
    # A thread takes batches off the pipe as soon as they come, so that the reading process never blocks
    # sending one while this process blocks sending a result: several batches can be in flight.
    inbox: queue.SimpleQueue[bytes | bytearray] = queue.SimpleQueue()

    def receive() -> None:
        while True:
            data = _receive(connection)
            inbox.put(data)
            if not data:
                return

    threading.Thread(target=receive, daemon=True).start()
    while data := inbox.get():
        try:
            answer: Any = merging.message(pickle.loads(data))
        except BaseException as exc:  # sent back and raised in the reading process
            answer = exc
        del data
        _send(connection, pickle.dumps(answer, protocol=5))
