"""The message catalog: every text a user reads, in English and Bahasa Indonesia, by code.

::

    from ocds_regency.i18n import Message, text

    text("report.text.title", "id")                      # 'Laporan publikasi data pengadaan (OCDS)'
    problem = Message("read.key-missing", field="kd_tender")
    str(problem)                                         # 'key field kd_tender is missing'
    problem.text("id")                                   # 'field kunci kd_tender tidak ada'

The catalog is one table, code → ``{"en": template, "id": template}``, kept in the TOML files beside this
module, one per area (the file name is the first part of the code):

- ``validation.toml``: finding codes (``validation.code.<code>.title``/``.message``, and the finding's
  ``severity`` beside them), the reasons findings name, the words of the text report;
- ``report.toml``: the publication report's texts and the labels of every code it shows;
- ``flags.toml``: red-flag indicators, not-assessed reasons, the flags section's texts;
- ``read.toml``: why the reader rejected a row (unreadable line, missing key, unknown dataset);
- ``parse.toml``: why a value could not be parsed (:class:`~ocds_regency.errors.ParseError` codes);
- ``conversion.toml``: the conversion's rejections and field issues.

Templates are :meth:`str.format` templates filled from named parameters; a missing parameter shows as
``?`` rather than failing, a parameter that is itself a :class:`Message` is rendered in the same language
(a reference dataset's name, ``conversion.reference.<dataset>``), and a tuple of messages is rendered
joined with ``"; "``. The tests check that every code has both
languages with the same parameters, and that every code the source names exists.

Scalar keys beside a code's messages are its *attributes* (a finding's ``severity``), read with
:func:`attribute`. Why TOML files rather than gettext catalogs: both languages of a message stand side by
side under one code, so an edit to one is made in view of the other, and a missing translation is a test
failure instead of a silent fallback to the code (see ``docs/architecture.md``).
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from functools import cache
from types import MappingProxyType
from typing import Any, Literal

__all__ = [
    "CATALOG",
    "LANGS",
    "Lang",
    "Message",
    "attribute",
    "children",
    "placeholders",
    "template",
    "text",
]

#: A language of the catalog: English or Bahasa Indonesia.
Lang = Literal["id", "en"]
#: Every language, Bahasa Indonesia first (the default of the publication report).
LANGS: tuple[Lang, ...] = ("id", "en")
#: The areas of the catalog, one TOML file each.
AREAS: tuple[str, ...] = ("validation", "report", "flags", "read", "parse", "conversion")


def _walk(table: Mapping[str, Any], path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Mapping[str, Any]]]:
    yield path, table
    for name, value in table.items():
        if isinstance(value, Mapping):
            yield from _walk(value, (*path, name))


_Area = tuple[dict[str, Any], dict[str, dict[str, str]], dict[str, dict[str, str]]]


@cache
def _area(area: str) -> _Area:
    """One area's tree, messages and attributes, read from its TOML file on first use: a command reads only
    the areas it shows messages of (``validate`` parses ``validation.toml`` alone, ``flatten`` none).

    Raises:
        KeyError: no such area.
    """
    if area not in AREAS:
        raise KeyError(area)
    import tomllib  # imported here: see the docstring
    from importlib.resources import files

    tree = tomllib.loads(files(__name__).joinpath(f"{area}.toml").read_text(encoding="utf-8"))
    messages: dict[str, dict[str, str]] = {}
    attributes: dict[str, dict[str, str]] = {}
    for path, table in _walk(tree, (area,)):
        code = ".".join(path)
        langs = {name: value for name, value in table.items() if name in ("en", "id") and isinstance(value, str)}
        if langs:
            messages[code] = langs
        others = {name: value for name, value in table.items() if name not in ("en", "id") and isinstance(value, str)}
        if others:
            attributes[code] = others
    return tree, messages, attributes


def _area_of(code: str) -> _Area:
    """The area a code belongs to (the first part of the code), loaded.

    Raises:
        KeyError: no such area.
    """
    return _area(code.split(".", 1)[0])


@cache
def _messages(area: str) -> Mapping[str, Mapping[str, str]]:
    return MappingProxyType({code: MappingProxyType(langs) for code, langs in _area(area)[1].items()})


@cache
def _catalog() -> Mapping[str, Mapping[str, str]]:
    return MappingProxyType({code: langs for area in AREAS for code, langs in _messages(area).items()})


class _Catalog(Mapping[str, Mapping[str, str]]):
    """The read-only catalog, each area loaded on first use."""

    def __getitem__(self, code: str) -> Mapping[str, str]:
        area = code.split(".", 1)[0]
        if area not in AREAS:
            raise KeyError(code)
        return _messages(area)[code]

    def __iter__(self) -> Iterator[str]:
        return iter(_catalog())

    def __len__(self) -> int:
        return len(_catalog())


#: The whole catalog: code → language → template (read-only).
CATALOG: Mapping[str, Mapping[str, str]] = _Catalog()


def template(code: str, lang: Lang = "en") -> str:
    """The template of ``code`` in ``lang`` (English when the language is missing).

    Raises:
        KeyError: the catalog has no such code.
    """
    entry = CATALOG[code]
    return entry.get(lang) or entry["en"]


class _Params(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "?"


def _value(value: object, lang: Lang) -> object:
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, tuple) and value and all(isinstance(part, Message) for part in value):
        return "; ".join(part.text(lang) for part in value)
    return value


def text(code: str, lang: Lang = "en", /, **params: object) -> str:
    """The message ``code`` in ``lang``, filled with ``params``.

    Raises:
        KeyError: the catalog has no such code.
    """
    body = template(code, lang)
    if not params and "{" not in body:
        return body
    return body.format_map(_Params({name: _value(value, lang) for name, value in params.items()}))


def attribute(code: str, name: str) -> str:
    """An attribute kept beside ``code``'s messages (``attribute("validation.code.schema.type", "severity")``).

    Raises:
        KeyError: ``code`` has no such attribute.
    """
    return _area_of(code)[2][code][name]


def children(*path: str) -> list[str]:
    """The names of the tables at ``path`` of the catalog, in file order: ``children("report", "label",
    "stage")`` → ``["planning", "tender", ...]``; ``children("validation", "code")`` → every finding code."""
    if not path:
        return list(AREAS)
    table: Mapping[str, Any] = _area(path[0])[0]
    for name in path[1:]:
        table = table[name]
    return [name for name, value in table.items() if isinstance(value, Mapping)]


def placeholders(body: str) -> frozenset[str]:
    """The parameter names a template uses (``"{field} is {n}"`` → ``{"field", "n"}``)."""
    return frozenset(name.split(".", 1)[0].split("[", 1)[0] for _, name, _, _ in string.Formatter().parse(body) if name)


class Message:
    """A catalog message: a code and its parameters, rendered in a language when shown.

    ``str(message)`` is the English text, so a message can stand where an English string used to.
    Messages compare by code and parameters, and pickle (they cross to worker processes).
    """

    __slots__ = ("code", "params")

    code: str
    params: Mapping[str, Any]

    def __init__(self, code: str, /, **params: Any) -> None:
        self.code = code
        self.params = params

    def text(self, lang: Lang = "en") -> str:
        """The message in ``lang``."""
        return text(self.code, lang, **self.params)

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        args = "".join(f", {name}={value!r}" for name, value in self.params.items())
        return f"Message({self.code!r}{args})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and other.code == self.code and dict(other.params) == dict(self.params)

    def __hash__(self) -> int:
        return hash(self.code)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_message, (self.code, dict(self.params)))


def _message(code: str, params: dict[str, Any]) -> Message:
    return Message(code, **params)
