"""What a re-publication keeps of the rows it read: by the digest of each row's JSON text, what grouping needs of it.

Every night's input is mostly the same rows as the night before, byte for byte. A conversion with a store reads
its JSON arrays item by item as exact byte spans (:mod:`ocds_regency.read.tabular`) and remembers, for each
item's text (by its SHA-256, :func:`~ocds_regency.read.tabular.text_digest`), what grouping the row needed: its
dataset, its *view* (the few fields it is grouped by, :func:`~ocds_regency.isb._base.parse_view`), its
:attr:`~ocds_regency.mapping._rows.Row.digest` and the supplier it names (for the supplier directory). The next run
finds each item's end among the bytes, digests it, and for a text it knows takes these as they were: the row is
neither decoded nor parsed, unless its process is mapped again (its data is then decoded from the same text:
:class:`~ocds_regency.read.isb.KnownText`).

Exact: a text is known only if a parse of the same bytes, with the same options and the same version of
ocds-regency, gave that view without any issue; the same bytes give the same row. Every byte of every file is still
read through the readers' guard (nesting, numbers, strings), and a text the cache does not know is decoded and
parsed as without a store. Rows of CSV, XLSX and JSON Lines files, rows with field issues or rejected by the
reader, and the three reference datasets parsed whole (``RUP-MasterSatker``, ``RUP-StrukturAnggaranPD``,
``Ecat-InstansiSatker``) are read as without a store.

The store keeps one ``row_cache`` row per dataset: the texts' digests and the rows' digests (32 bytes each, one
after the other) and the views and suppliers (a JSON array, zlib-compressed). Each run keeps what it read (the
texts it knew and the ones it learnt), so the cache holds the last input and does not grow with the nights.

**Whole files.** Most of a night's files are byte for byte the files of the night before. The store also keeps,
per JSON array file split whole (by the SHA-256 of its bytes: a file is known by what it holds, not by its name),
where each item's text is in the file and the text's digest (``file_cache``, one row per file). A file whose bytes
have a known digest is not split again: its rows' texts are cut from its bytes where they were, with their digests
(:class:`~ocds_regency.read.tabular.KnownFiles`), and each text is then known or not as above. The same bytes split
by the same version give the same items: nothing but the digest of the whole file is computed. A first publication
(or ``--full``) learns the files too; each run keeps the files it read.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import orjson

from ocds_regency import __version__
from ocds_regency.isb._base import IsbRecord, ParseOptions, view_maker, view_values
from ocds_regency.isb.datasets import Dataset
from ocds_regency.mapping.parties import Supplier
from ocds_regency.read.tabular import FileItems

if TYPE_CHECKING:
    from ocds_regency.store import ReleaseStore

__all__ = ["ROWS_FORMAT", "StoredRows"]

#: Version of what the row cache records; another one (like another library version) is not read.
ROWS_FORMAT = 1

#: Bytes of a text's digest and of a row's digest (SHA-256).
_DIGEST = 32
#: zlib level of the views (they are read every night, written once).
_LEVEL = 1

#: (dataset, row digest, [view values, supplier]) of a text.
_Entry = tuple[str, bytes, list[Any]]
#: A file's items as the store keeps them: (start, size) of each item as unsigned 64-bit little-endian integers,
#: and the texts' digests one after the other.
_FileEntry = tuple[bytes, bytes]


def _numbers(blob: bytes) -> array[int]:
    """Unsigned 64-bit little-endian integers (the store's form, whatever the machine's byte order)."""
    numbers = array("Q")
    numbers.frombytes(blob)
    if sys.byteorder == "big":  # pragma: no cover - the machines this runs on are little-endian
        numbers.byteswap()
    return numbers


def _blob(numbers: array[int]) -> bytes:
    if sys.byteorder == "big":  # pragma: no cover - as _numbers
        numbers = array("Q", numbers)
        numbers.byteswap()
    return numbers.tobytes()


def _read_with(options: ParseOptions) -> str:
    """What the views of a run depend on besides the text: the version, the format and the parse options."""
    return f"ocds-regency {__version__} rows {ROWS_FORMAT} offset {options.offset} z {options.z_is_utc}"


class StoredRows:
    """The rows a store knows by their JSON text (see the module documentation); a
    :class:`~ocds_regency.mapping._rows.RowCache` for :func:`~ocds_regency.mapping.convert`.

    Args:
        options: how the run reads local times (the views of another offset are not used).
        entries: text digest -> (dataset, row digest, [view values, supplier]), as :meth:`load` reads them.
    """

    def __init__(self, options: ParseOptions, entries: dict[bytes, _Entry] | None = None) -> None:
        self.read_with = _read_with(options)
        self._entries: dict[bytes, _Entry] = entries if entries is not None else {}
        #: what this run read: saved for the next one.
        self._kept: dict[bytes, _Entry] = {}
        #: the texts' digests of each dataset as loaded (a dataset whose rows are the same is not written again).
        self._loaded: dict[str, bytes] = {}
        #: rows whose view came from the cache, and rows learnt (for tests and benchmarks).
        self.hits = self.learnt = 0
        #: file digest -> its items, as loaded and learnt; those read this run (kept for the next one).
        self._files: dict[bytes, _FileEntry] = {}
        self._files_kept: dict[bytes, _FileEntry] = {}
        #: files known by their digest, and files learnt (for tests and benchmarks).
        self.file_hits = self.files_learnt = 0
        #: the view maker of each dataset (:func:`~ocds_regency.isb._base.view_maker`), made when first needed.
        self._makers: dict[str, Callable[[Mapping[str, Any]], IsbRecord]] = {}

    @classmethod
    def load(cls, store: ReleaseStore, options: ParseOptions) -> StoredRows:
        """What the store knows of the rows read with these options by this version of ocds-regency."""
        known = cls(options)
        backend = store.backend
        rows = backend.query(
            backend.sql("SELECT dataset, texts, digests, views FROM row_cache WHERE read_with = ?"), (known.read_with,)
        )
        for dataset, texts, digests, views in rows:
            texts, digests = bytes(texts), bytes(digests)
            values = orjson.loads(zlib.decompress(bytes(views)))
            if len(texts) != len(digests) or len(texts) != _DIGEST * len(values):
                continue  # not what this version writes: read as unknown
            name = str(dataset)
            known._loaded[name] = texts
            for index, view in enumerate(values):
                start = index * _DIGEST
                known._entries[texts[start : start + _DIGEST]] = (name, digests[start : start + _DIGEST], view)
        files = backend.query(
            backend.sql("SELECT file_digest, items, texts FROM file_cache WHERE read_with = ?"), (known.read_with,)
        )
        for digest, items, texts in files:
            items, texts = bytes(items), bytes(texts)
            if len(items) % 16 == 0 and len(texts) == _DIGEST * (len(items) // 16):  # else: read as unknown
                known._files[bytes(digest)] = (items, texts)
        return known

    def file_items(self, digest: bytes) -> FileItems | None:
        """The items of the JSON array file whose bytes have this digest, as they were split (see the module
        documentation), or ``None``."""
        entry = self._files.get(digest)
        if entry is None:
            return None
        self._files_kept[digest] = entry
        self.file_hits += 1
        places, texts = _numbers(entry[0]), entry[1]
        return [
            (places[2 * index], places[2 * index + 1], texts[index * _DIGEST : (index + 1) * _DIGEST])
            for index in range(len(places) // 2)
        ]

    def learn_file(self, digest: bytes, items: FileItems) -> None:
        """Remember the items of a JSON array file split whole: where each is, and its text's digest."""
        places = array("Q")
        for start, size, _text in items:
            places.append(start)
            places.append(size)
        entry = (_blob(places), b"".join(text for _, _, text in items))
        self._files[digest] = self._files_kept[digest] = entry
        self.files_learnt += 1

    def __contains__(self, digest: object) -> bool:
        return digest in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def view(self, dataset: Dataset, digest: bytes) -> IsbRecord | None:
        """The view of a row of ``dataset`` read from a text of this digest, or ``None``."""
        entry = self._entries.get(digest)
        grouping = dataset.grouping
        if entry is None or entry[0] != dataset.name or grouping is None:
            return None
        self._kept[digest] = entry
        self.hits += 1
        make = self._makers.get(dataset.name)
        if make is None:
            make = self._makers[dataset.name] = view_maker(dataset.model, grouping)
        return make(entry[2][0])

    def digest(self, text_digest: bytes) -> bytes | None:
        """The row digest of a known text."""
        entry = self._entries.get(text_digest)
        return None if entry is None else entry[1]

    def supplier(self, text_digest: bytes) -> Supplier | None:
        """The supplier the row of a known text names."""
        entry = self._entries.get(text_digest)
        named = None if entry is None else entry[2][1]
        if named is None:
            return None
        name, npwp16, individual, kd, npwps = named
        return Supplier(name, npwp16, individual, kd, tuple(npwps))

    def learn(
        self, dataset: str, text_digest: bytes, view: IsbRecord, digest: bytes, supplier: Supplier | None
    ) -> None:
        """Remember a row read from a text (a view whose values a store can't keep is not remembered)."""
        values = view_values(view)
        if values is not None:
            named = None
            if supplier is not None:
                named = [supplier.name, supplier.npwp16, supplier.is_individual, supplier.kd_penyedia,
                         list(supplier.npwps)]  # fmt: skip
            self._entries[text_digest] = self._kept[text_digest] = (dataset, digest, [values, named])
            self.learnt += 1

    def save_files(self, store: ReleaseStore) -> None:
        """Keep the files this run read for the next one (in the run's transaction), in place of those kept: a file
        kept already is left as it is (its digest says what it holds)."""
        backend = store.backend
        backend.execute(backend.sql("DELETE FROM file_cache WHERE read_with <> ?"), (self.read_with,))
        stored = {bytes(digest) for (digest,) in backend.query("SELECT file_digest FROM file_cache")}
        gone = [(digest,) for digest in stored if digest not in self._files_kept]
        backend.executemany(backend.sql("DELETE FROM file_cache WHERE file_digest = ?"), gone)
        backend.executemany(
            backend.sql("INSERT INTO file_cache (file_digest, read_with, items, texts, run_id) VALUES (?, ?, ?, ?, ?)"),
            [
                (digest, self.read_with, items, texts, store.run_id)
                for digest, (items, texts) in self._files_kept.items()
                if digest not in stored
            ],
        )

    def save(self, store: ReleaseStore) -> None:
        """Keep what this run read for the next one (in the run's transaction), in place of what was kept: the
        rows and the files (:meth:`save_files`). A dataset whose rows are the ones loaded, in the same order, is
        left as it is (the same texts read the same way give the same views)."""
        self.save_files(store)
        by_dataset: dict[str, list[tuple[bytes, _Entry]]] = {}
        for text, entry in self._kept.items():
            by_dataset.setdefault(entry[0], []).append((text, entry))
        texts = {dataset: b"".join(text for text, _ in entries) for dataset, entries in by_dataset.items()}
        changed = sorted(dataset for dataset in by_dataset if self._loaded.get(dataset) != texts[dataset])
        backend = store.backend
        backend.execute(backend.sql("DELETE FROM row_cache WHERE read_with <> ?"), (self.read_with,))
        gone = [dataset for dataset in self._loaded if dataset not in by_dataset]
        backend.executemany(backend.sql("DELETE FROM row_cache WHERE dataset = ?"), [(d,) for d in gone + changed])
        backend.executemany(
            backend.sql(
                "INSERT INTO row_cache (dataset, read_with, texts, digests, views, run_id) VALUES (?, ?, ?, ?, ?, ?)"
            ),
            [
                (
                    dataset,
                    self.read_with,
                    texts[dataset],
                    b"".join(entry[1] for _, entry in by_dataset[dataset]),
                    zlib.compress(orjson.dumps([entry[2] for _, entry in by_dataset[dataset]]), _LEVEL),
                    store.run_id,
                )
                for dataset in changed
            ],
        )
