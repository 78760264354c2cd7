"""The checklist of "Add a check" (docs/architecture.md) holds for every data-quality check.

A check is a module under ``validate/checks/quality/`` or ``validate/checks/id/`` named after its code,
registered in ``CHECKS``, reading only the release view, with a title and a message in both languages.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from types import FunctionType, ModuleType

import pytest

from ocds_regency.validate.checks import CHECKS
from ocds_regency.validate.checks.view import ReleaseView
from ocds_regency.validate.messages import message_for, severity_of, title_for

FAMILIES = ("quality", "id")


def _modules() -> dict[str, ModuleType]:
    """Every module under the check families, by the code its name and family give."""
    found = {}
    for family in FAMILIES:
        package = importlib.import_module(f"ocds_regency.validate.checks.{family}")
        for info in pkgutil.iter_modules(package.__path__):
            found[f"{family}.{info.name}"] = importlib.import_module(f"{package.__name__}.{info.name}")
    return found


MODULES = _modules()


def test_every_check_module_is_registered_and_every_registered_check_has_its_module() -> None:
    assert len(MODULES) >= 27
    assert set(MODULES) == set(CHECKS)


@pytest.mark.parametrize("code", sorted(MODULES))
def test_the_module_is_the_check(code: str) -> None:
    module = MODULES[code]
    assert code == module.CODE
    assert CHECKS[code].code == code
    assert CHECKS[code].check is module.check
    assert (module.__doc__ or "").startswith(f"``{code}``"), "the module's docstring starts with its code"
    assert (module.check.__doc__ or "").strip()
    parameters = list(inspect.signature(module.check).parameters.values())
    assert [p.name for p in parameters] == ["view"], "a check reads the release view and nothing else"
    assert parameters[0].annotation in ("ReleaseView", ReleaseView)


@pytest.mark.parametrize("code", sorted(MODULES))
def test_the_module_keeps_no_state(code: str) -> None:
    """Module-level names are constants, functions or imports: nothing a run could change."""
    module = MODULES[code]
    for name, value in vars(module).items():
        if name.startswith("__") or isinstance(value, (ModuleType, FunctionType, type)):
            continue
        if type(value).__module__ in ("__future__", "typing", "types"):
            continue  # `from __future__ import annotations`, type aliases
        if isinstance(value, (str, int, float, frozenset, tuple, re.Pattern)) or value is None:
            continue
        # Declarative tables are allowed as upper-case constants (e.g. ROLE_FIELDS).
        assert name.isupper() and isinstance(value, dict), f"{code}: module-level {name} = {type(value).__name__}"
        assert all(isinstance(v, str) for v in value.values())


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_the_code_has_a_title_and_a_message_in_both_languages(code: str) -> None:
    assert severity_of(code) in ("warning", "information")
    titles = {lang: title_for(code, lang) for lang in ("en", "id")}
    messages = {lang: message_for(code, lang, {}) for lang in ("en", "id")}
    assert all(text.strip() for text in (*titles.values(), *messages.values()))
    assert titles["en"] != titles["id"]
    assert messages["en"] != messages["id"]
