"""The message catalog (ocds_regency.i18n): every code in both languages with the same parameters, every code
the source names present, and a label for every code a renderer can show."""

from __future__ import annotations

import ast
import pickle
import re
import tomllib
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

import ocds_regency
from ocds_regency.i18n import AREAS, CATALOG, LANGS, Message, children, placeholders, template, text

SRC = Path(ocds_regency.__file__).parent

# Functions that take a message code as their first argument: (module they are defined in, name) → the
# prefix the function puts before the code, and the parameters it fills itself.
CODE_FUNCTIONS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    ("ocds_regency.i18n", "Message"): ("", frozenset()),
    ("ocds_regency.i18n", "text"): ("", frozenset()),
    ("ocds_regency.i18n", "template"): ("", frozenset()),
    ("ocds_regency.reporting.texts", "text"): ("report.text.", frozenset()),
    ("ocds_regency.flags.texts", "text"): ("flags.text.", frozenset()),
    ("ocds_regency.isb.parse", "_error"): ("parse.", frozenset({"value"})),
}


def _tables(table: dict[str, Any], path: tuple[str, ...]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield ".".join(path), table
    for name, value in table.items():
        if isinstance(value, dict):
            yield from _tables(value, (*path, name))


def _raw() -> Iterator[tuple[str, dict[str, Any]]]:
    for area in AREAS:
        resource = files("ocds_regency.i18n").joinpath(f"{area}.toml")
        yield from _tables(tomllib.loads(resource.read_text(encoding="utf-8")), (area,))


def test_every_area_has_a_file_and_nothing_else_is_loaded() -> None:
    found = {path.stem for path in (SRC / "i18n").glob("*.toml")}
    assert found == set(AREAS)
    assert {code.split(".", 1)[0] for code in CATALOG} == set(AREAS)


def test_every_code_has_both_languages() -> None:
    missing = []
    for code, table in _raw():
        langs = {name for name in table if name in LANGS}
        if langs and langs != set(LANGS):
            missing.append((code, sorted(set(LANGS) - langs)))
        for lang in langs:
            if not isinstance(table[lang], str) or not table[lang].strip():
                missing.append((code, [lang]))
    assert not missing, missing
    assert len(CATALOG) > 400


#: A parameter the Indonesian may leave out: a library's own English explanation (Python's "day is out of
#: range for month"), which would otherwise put English into an Indonesian sentence.
ENGLISH_ONLY = frozenset({"detail"})


def test_both_languages_take_the_same_parameters() -> None:
    mismatched = {
        code: (placeholders(entry["en"]), placeholders(entry["id"]))
        for code, entry in CATALOG.items()
        if not placeholders(entry["en"]) - ENGLISH_ONLY <= placeholders(entry["id"]) <= placeholders(entry["en"])
    }
    assert not mismatched


def test_templates_are_well_formed() -> None:
    for code, entry in CATALOG.items():
        for lang in LANGS:
            body = entry[lang]
            body.format_map(dict.fromkeys(placeholders(body), "x"))  # raises on a stray brace
            assert body == body.strip(), code
            assert "  " not in body, code


def _imports(tree: ast.Module) -> dict[str, tuple[str, str]]:
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = (node.module, alias.name)
    return names


def _code_calls() -> Iterator[tuple[str, int, str, set[str] | None]]:
    """(file, line, full code, keyword parameter names or None when ``**params`` is passed) of every call in
    src/ that names a catalog code with a literal."""
    for path in sorted(SRC.rglob("*.py")):
        module = ".".join(("ocds_regency", *path.relative_to(SRC).with_suffix("").parts)).removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = _imports(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args):
                continue
            function = CODE_FUNCTIONS.get(imported.get(node.func.id, (module, node.func.id)))
            first = node.args[0]
            if function is None or not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            prefix, implicit = function
            keywords = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords if k.arg}
            if keywords is not None:
                keywords = (keywords | implicit) - {"shown"}
            yield str(path.relative_to(SRC)), node.lineno, prefix + first.value, keywords


def test_every_code_named_in_the_source_exists_with_its_parameters() -> None:
    calls = list(_code_calls())
    assert len(calls) > 100  # the scan finds the call sites
    assert {code.split(".", 1)[0] for _, _, code, _ in calls} >= {"report", "read", "parse", "conversion"}
    unknown = [(file, line, code) for file, line, code, _ in calls if code not in CATALOG]
    assert not unknown
    wrong = [
        (file, line, code, sorted(keywords), sorted(placeholders(CATALOG[code]["en"])))
        for file, line, code, keywords in calls
        if keywords is not None and keywords != placeholders(CATALOG[code]["en"])
    ]
    assert not wrong


def test_text_fills_parameters_and_shows_a_missing_one_as_a_question_mark() -> None:
    code = "validation.code.schema.type.message"
    assert text(code, "en", expected="string") == "Expected string"
    assert text(code, "id", expected="string") == "Seharusnya string"
    assert text(code, "en") == "Expected ?"
    with pytest.raises(KeyError):
        text("validation.code.no-such-code.message")


def test_a_message_renders_in_each_language_and_survives_pickling() -> None:
    message = Message("validation.code.schema.type.message", expected="string")
    assert str(message) == message.text("en") == template(message.code, "en").format(expected="string")
    assert message.text("id") == "Seharusnya string"
    assert pickle.loads(pickle.dumps(message)) == message
    assert message != Message(message.code, expected="number")


def test_messages_as_parameters_render_in_the_same_language() -> None:
    inner = (Message("validation.reason.no_id"), Message("validation.reason.no_parties"))
    code = "validation.code.schema.other.message"
    assert text(code, "id", detail=inner) == (
        "Tidak memenuhi skema: rujukan tidak memiliki id; tidak ada pihak yang memiliki id"
    )
    assert text(code, "en", detail=inner[0]) == "Does not satisfy the schema: the reference has no id"


def test_children_lists_codes_in_file_order() -> None:
    assert children("report", "label", "stage") == ["planning", "tender", "award", "contract", "implementation"]
    assert "schema.required" in children("validation", "code")


# --- every code a renderer can show has a label ----------------------------------------------------------


def _labels(kind: str) -> set[str]:
    return set(children("report", "label", kind))


def test_every_conversion_reason_has_a_report_label() -> None:
    from ocds_regency.mapping import Reason

    codes = {value for name, value in vars(Reason).items() if name.isupper()}
    assert {"superseded", "empty"} <= codes  # the two that report.html once showed as raw codes
    assert codes == _labels("reason")


def test_every_ocds_code_the_report_counts_has_a_label() -> None:
    from ocds_regency.standard import load_profile

    codelists = load_profile().codelists
    assert set(codelists["tenderStatus"].codes) == _labels("status")
    assert set(codelists["method"].codes) == _labels("method")
    assert set(codelists["procurementCategory"].codes) == _labels("category")


def test_every_stage_severity_personal_category_and_output_has_a_label() -> None:
    from ocds_regency.mapping import PERSONAL_DATA_CATEGORIES
    from ocds_regency.reporting.model import STAGES
    from ocds_regency.validate.findings import SEVERITIES

    assert set(STAGES) == _labels("stage")
    assert set(SEVERITIES) == _labels("severity")
    assert set(PERSONAL_DATA_CATEGORIES) - {"all"} == _labels("personal")
    kinds = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "OutputFile" and len(node.args) > 1:
                kind = node.args[1]
                if isinstance(kind, ast.Constant):
                    kinds.add(kind.value)
    assert kinds and kinds <= _labels("output")


#: The Jinja2 templates' text function ``t("key", ...)`` and the catalog prefix it reads, by package.
TEMPLATE_PREFIXES = {"reporting": "report.text.", "flags": "flags.text."}


def test_every_text_a_template_names_exists() -> None:
    found = []
    for package, prefix in TEMPLATE_PREFIXES.items():
        for path in (SRC / package / "templates").glob("*.j2"):
            for key in re.findall(r"\bt\(\s*[\"']([\w-]+)[\"']\s*[,)]", path.read_text(encoding="utf-8")):
                found.append((path.name, prefix + key))
    assert len(found) > 20
    assert [(name, code) for name, code in found if code not in CATALOG] == []


def test_an_area_is_parsed_only_when_one_of_its_codes_is_read() -> None:
    # A fresh interpreter: the areas' files are parsed once per process, on first use.
    script = (
        "import tomllib\n"
        "parsed = []\n"
        "loads = tomllib.loads\n"
        "tomllib.loads = lambda text: parsed.append(text) or loads(text)\n"
        "from ocds_regency.i18n import CATALOG, AREAS, attribute, text\n"
        "from ocds_regency.validate.messages import CODES, message_for\n"
        "assert len(parsed) == 1, len(parsed)\n"
        "assert message_for('id.currency', 'id', {'currency': 'GBP', 'expected': 'IDR'})\n"
        "assert attribute('validation.code.id.currency', 'severity') == CODES['id.currency'].severity\n"
        "assert len(parsed) == 1, len(parsed)\n"
        "assert text('flags.text.flags', 'en') == CATALOG['flags.text.flags']['en']\n"
        "assert len(parsed) == 2, len(parsed)\n"
        "assert len(CATALOG) == len(list(CATALOG)) and len(parsed) == len(AREAS)\n"
    )
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", script], check=True)


def test_an_unknown_area_is_an_unknown_code() -> None:
    with pytest.raises(KeyError):
        CATALOG["nowhere.code"]
    with pytest.raises(KeyError):
        template("nowhere.code")
    assert children() == list(AREAS)
