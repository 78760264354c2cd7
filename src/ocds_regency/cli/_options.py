"""The options several commands share, defined once so that every command spells them the same way.

A command takes them as decorators (``@output_option()``, ``@prefix_option(required=True)``, ...). Values
are checked here, before the command does any work: a bad ``--prefix`` or ``--timezone`` ends the command
with exit status 2 and one line saying why.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import click

from ocds_regency.errors import OcdsRegencyError, SchemaError
from ocds_regency.package import PackageMetadata, Publisher
from ocds_regency.standard import DEFAULT_VERSION, OCID_PREFIX, StandardVersion, bundled_versions, standard_version

__all__ = [
    "DEFAULT_LANG",
    "TIMEZONE_NAMES",
    "OptionError",
    "lang_option",
    "metadata_options",
    "output_dir_option",
    "output_option",
    "package_metadata",
    "parse_timezone",
    "personal_data_option",
    "prefix_option",
    "quiet_option",
    "scheduler_option",
    "schema_version_option",
    "timezone_option",
    "warn",
]

F = TypeVar("F", bound=Callable[..., Any])

#: The language of reports and messages when ``--lang`` is not given, for every command.
DEFAULT_LANG = "id"

#: Indonesia's three time zones by their IANA names (the abbreviations WIB/WITA/WIT are accepted too).
TIMEZONE_NAMES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


class OptionError(OcdsRegencyError):
    """An option's value is unusable: the command stops before any work, with one line and exit status 2."""


def warn(command: str, message: str) -> None:
    """Print one warning line on standard error: ``ocds-regency COMMAND: warning: MESSAGE``."""
    click.echo(f"ocds-regency {command}: warning: {message}", err=True)


def _check_prefix(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    if not OCID_PREFIX.fullmatch(value):
        raise OptionError(
            f"--prefix {value!r} is not an ocid prefix: it must be ocds- and six lowercase letters or digits "
            "(e.g. ocds-a1b2c3), as assigned by the Open Contracting Partnership"
        )
    return value


def prefix_option(*, required: bool, help: str | None = None) -> Callable[[F], F]:
    """``--prefix ocds-xxxxxx``: checked with the validator's rule before any work (exit 2 when wrong)."""
    return click.option(
        "--prefix",
        required=required,
        metavar="ocds-xxxxxx",
        callback=_check_prefix,
        help=help or "The publisher's ocid prefix, registered with the Open Contracting Partnership.",
    )


def output_option(*, help: str = "Write the output here (default: standard output).") -> Callable[[F], F]:
    """``-o/--output FILE``: a file written atomically (``-`` or nothing: standard output)."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), help=help)


def lang_option(*, help: str) -> Callable[[F], F]:
    """``--lang id|en``, with the one default of every command (:data:`DEFAULT_LANG`)."""
    return click.option("--lang", type=click.Choice(["id", "en"]), default=DEFAULT_LANG, show_default=True, help=help)


def personal_data_option(categories: Sequence[str]) -> Callable[[F], F]:
    """``--personal-data CATEGORY``: a personal-data category to publish (withheld by default), repeatable;
    ``all`` names every one.

    Args:
        categories: the categories (``mapping.PERSONAL_DATA_CATEGORIES``; given, so that the commands that
            don't convert don't import the mapping).
    """
    return click.option(
        "--personal-data",
        "personal_data",
        multiple=True,
        type=click.Choice([*categories, "all"]),
        help="Publish a personal-data category that is withheld by default. Repeatable.",
    )


def quiet_option() -> Callable[[F], F]:
    """``-q/--quiet``: no progress bar and no summary on standard error (warnings and errors still show)."""
    return click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on standard error.")


def scheduler_option(*, help: str) -> Callable[[F], F]:
    """``--scheduler ADDRESS|local:N`` and ``--out-dir DIR``: run on Dask (the ``dask`` extra), output per partition."""
    scheduler = click.option(
        "--scheduler",
        metavar="ADDRESS|local:N",
        help="Run on Dask (the dask extra): a running scheduler's address, or local:N worker processes. " + help,
    )
    out_dir = click.option(
        "--out-dir",
        type=click.Path(file_okay=False),
        help="With --scheduler: the directory that gets the output, one file or folder per partition.",
    )

    def decorate(function: F) -> F:
        return scheduler(out_dir(function))

    return decorate


def output_dir_option(*, help: str) -> Callable[[F], F]:
    """``-o/--output/--out DIR``: the directory a command writes into (required; passed as ``out_dir``).

    Args:
        help: what the command writes there, after the shared first words.
    """
    return click.option(
        "-o",
        "--output",
        "--out",
        "out_dir",
        required=True,
        type=click.Path(file_okay=False),
        metavar="DIR",
        help=f"Output directory: {help}",
    )


#: The option names of :func:`metadata_options`, as the command function receives them.
_METADATA_KEYS = (
    "uri",
    "publisher_name",
    "publisher_uri",
    "publisher_scheme",
    "publisher_uid",
    "published_date",
    "license_url",
    "publication_policy",
    "ocds_version",
)


def _check_package_version(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """``--version`` of a command that writes packages: a bundled OCDS version, as packages declare it."""
    if re.fullmatch(r"\d+\.\d+(?:\.\d+)?", value):
        try:
            return standard_version(value).package_version
        except SchemaError:
            pass
    raise OptionError(f"--version {value}: no schemas for OCDS {value} here (bundled: {', '.join(bundled_versions())})")


def _check_schema_version(ctx: click.Context, param: click.Parameter, value: str | None) -> StandardVersion | None:
    if value is None:
        return None
    try:
        return standard_version(value)
    except SchemaError as exc:
        raise OptionError(f"--version {value}: {exc}") from None


def schema_version_option(*, help: str) -> Callable[[F], F]:
    """``--version VERSION|DIR``: the OCDS version whose schemas to use, a bundled one (``1.1``) or the directory
    of another's (laid out like ``schemas/ocds/1.1/``), passed on as a
    :class:`~ocds_regency.standard.StandardVersion` (``None`` when not given). Unusable: one line, exit 2."""
    return click.option(
        "--version",
        "ocds_version",
        metavar="VERSION|DIR",
        callback=_check_schema_version,
        help=help,
    )


def metadata_options(*, what: str, where: str, uri_help: str, date_default: str = "now") -> Callable[[F], F]:
    """The package metadata options, gathered into one ``metadata`` argument, a
    :class:`~ocds_regency.package.PackageMetadata`: ``--uri``, ``--publisher-name``, ``--publisher-uri``,
    ``--publisher-scheme``, ``--publisher-uid``, ``--published-date``, ``--license``, ``--publication-policy``,
    and ``--version``, the OCDS version: the command's one setting of it (the packages declare it, and its
    bundled schemas give the merge rules, the validation and the upgrade target; an unbundled version stops
    the command in one line, exit 2).

    The publisher is left unset (``None``) when no ``--publisher-*`` option is given. A bad value (a
    ``--published-date`` that is not RFC 3339) stops the command before any work, in one line (exit 2).

    Args:
        what: whose publisher, e.g. ``"the record package's"``.
        where: the packages concerned, e.g. ``"the record package"``.
        uri_help: the help of ``--uri`` (it is a base URL for a command writing several files).
        date_default: what ``--published-date`` defaults to.
    """
    options = [
        click.option("--uri", help=uri_help),
        click.option("--publisher-name", help=f"Name of {what} publisher, e.g. 'Pemerintah Kabupaten Contoh'."),
        click.option("--publisher-uri", help=f"Web address of {what} publisher."),
        click.option("--publisher-scheme", help=f"Identifier scheme of {what} publisher (org-id.guide code)."),
        click.option("--publisher-uid", help=f"Identifier of {what} publisher in that scheme."),
        click.option("--published-date", help=f"publishedDate of {where} (RFC 3339); default: {date_default}."),
        click.option("--license", "license_url", help=f"Data licence URL to write in {where}."),
        click.option("--publication-policy", help=f"Publication policy URL to write in {where}."),
        click.option(
            "--version",
            "ocds_version",
            default=DEFAULT_VERSION,
            show_default=True,
            metavar="VERSION",
            callback=_check_package_version,
            help=f"The OCDS version (major.minor) of {where}, one whose schemas are bundled: the packages "
            "declare it, and its schemas give the merge rules and the validation where the command does them.",
        ),
    ]

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def command(*args: Any, **kwargs: Any) -> Any:
            given = {key: kwargs.pop(key) for key in _METADATA_KEYS}
            kwargs["metadata"] = package_metadata(**given)
            return function(*args, **kwargs)

        for option in reversed(options):
            command = option(command)
        return cast(F, command)

    return decorate


def package_metadata(
    *,
    uri: str | None = None,
    publisher_name: str | None = None,
    publisher_uri: str | None = None,
    publisher_scheme: str | None = None,
    publisher_uid: str | None = None,
    published_date: str | None = None,
    license_url: str | None = None,
    publication_policy: str | None = None,
    ocds_version: str = DEFAULT_VERSION,
) -> PackageMetadata:
    """The :class:`~ocds_regency.package.PackageMetadata` of the metadata options' values (``None``: not given)."""
    publisher = None
    if any(value is not None for value in (publisher_name, publisher_uri, publisher_scheme, publisher_uid)):
        publisher = Publisher(publisher_name or "", publisher_uri, publisher_scheme, publisher_uid)
    return PackageMetadata(
        uri=uri or None,
        publisher=publisher,
        published_date=published_date or None,
        license=license_url or None,
        publication_policy=publication_policy or None,
        version=ocds_version,
    )


def _offset_text(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def parse_timezone(value: str) -> str:
    """Turn ``--timezone`` into a UTC offset: an IANA name with a fixed offset (``Asia/Jakarta``) gives
    its offset (``+07:00``); anything else (``+07:00``, ``WITA``) is passed on as it is.

    Raises:
        OptionError: an unknown IANA name, or one whose offset changes during the year.
    """
    text = value.strip()
    if "/" not in text:
        return text
    if not re.fullmatch(r"[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)+", text):
        raise OptionError(f"--timezone: not a time zone name: {value!r}")
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # here: only --timezone with an IANA name needs it

    try:
        zone = ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise OptionError(
            f"--timezone: unknown time zone {value!r} (e.g. {', '.join(TIMEZONE_NAMES)}, +07:00 or WIB/WITA/WIT)"
        ) from None
    year = dt.datetime.now(dt.UTC).year
    offsets = {zone.utcoffset(dt.datetime(year, month, 1)) for month in (1, 7)}
    if len(offsets) != 1 or None in offsets:
        raise OptionError(f"--timezone: {value!r} changes its UTC offset during the year; give the offset instead")
    (offset,) = offsets
    assert offset is not None
    return _offset_text(offset)


def _check_timezone(ctx: click.Context, param: click.Parameter, value: str) -> str:
    return parse_timezone(value)


def timezone_option() -> Callable[[F], F]:
    """``--timezone``: the time zone of local times in the data (IANA name, UTC offset or WIB/WITA/WIT)."""
    return click.option(
        "--timezone",
        default="Asia/Jakarta",
        show_default=True,
        metavar="ZONE",
        callback=_check_timezone,
        help="Time zone of the local times in the data: Asia/Jakarta, Asia/Makassar, Asia/Jayapura, "
        "an offset (+08:00) or WIB/WITA/WIT.",
    )
