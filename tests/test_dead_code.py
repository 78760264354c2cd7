"""No dead code in src/: every public name is used or documented, and no import of our own modules is guarded;
no second copy of the package metadata builder.

(Dead dependencies: ``tests/test_packaging.py::test_every_dependency_is_imported_by_the_package``.)
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "ocds_regency"
#: Where a public name may be used: the code, its tests, the benchmarks, the scripts and the examples.
USERS = ("src", "tests", "benchmarks", "scripts", "examples")


def _trees(folders: tuple[str, ...]) -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        for folder in folders
        for path in sorted((ROOT / folder).rglob("*.py"))
    ]


def _references(trees: list[tuple[Path, ast.Module]]) -> Counter[str]:
    """How often each name is referred to: as a name, an attribute or an imported name (not by definitions)."""
    seen: Counter[str] = Counter()
    for _path, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                seen[node.id] += 1
            elif isinstance(node, ast.Attribute):
                seen[node.attr] += 1
            elif isinstance(node, ast.alias):
                seen[node.name.rsplit(".", 1)[-1]] += 1
    return seen


def _public_definitions(tree: ast.Module) -> list[str]:
    names = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names.extend(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return [name for name in names if not name.startswith("_")]


def unused_public_names(sources: list[tuple[Path, ast.Module]], references: Counter[str], docs: str) -> list[str]:
    """``"module:name"`` of every public top-level name that nothing refers to and no page documents."""
    documented = set(re.findall(r"\w+", docs))
    return [
        f"{path.name}:{name}"
        for path, tree in sources
        for name in _public_definitions(tree)
        if not references[name] and name not in documented
    ]


def test_every_public_name_in_src_is_used_or_documented() -> None:
    docs = "\n".join(page.read_text(encoding="utf-8") for page in sorted((ROOT / "docs").rglob("*.md")))
    sources = [(path, tree) for path, tree in _trees(("src",)) if path.is_relative_to(SRC)]
    assert unused_public_names(sources, _references(_trees(USERS)), docs) == []


def test_a_name_only_defined_and_listed_in_all_is_dead() -> None:
    module = ast.parse('__all__ = ["helper", "used"]\ndef helper(): ...\ndef used(): ...\nCONSTANT = 1\n')
    caller = ast.parse("from m import used\nprint(CONSTANT)\n")
    references = _references([(Path("m.py"), module), (Path("caller.py"), caller)])
    assert unused_public_names([(Path("m.py"), module)], references, "") == ["m.py:helper"]
    assert unused_public_names([(Path("m.py"), module)], references, "call `helper()`") == []


def _imports_ours(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.ImportFrom):
        return bool(statement.level) or (statement.module or "").startswith("ocds_regency")
    return isinstance(statement, ast.Import) and any(alias.name.startswith("ocds_regency") for alias in statement.names)


def test_no_import_of_our_own_modules_is_guarded() -> None:
    """The package ships whole: an ``except ImportError`` around ``ocds_regency`` imports can't happen."""
    guarded = []
    for path, tree in _trees(("src",)):
        for node in ast.walk(tree):
            if not isinstance(node, ast.Try):
                continue
            ours = any(_imports_ours(statement) for statement in node.body)
            catches = any(
                isinstance(handler.type, ast.Name) and handler.type.id in ("ImportError", "ModuleNotFoundError")
                for handler in node.handlers
            )
            if ours and catches:
                guarded.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert guarded == []


#: The fields a package declares besides its releases or records.
PACKAGE_FIELDS = frozenset(
    {"uri", "publisher", "publishedDate", "license", "publicationPolicy", "version", "extensions"}
)
#: Where a mapping of them may be written: the one builder, and the translation of its value into ocdskit's
#: keyword arguments (``uri``, ``publisher``, ``published_date``, ``version``) for the ocdskit commands.
PACKAGE_FIELD_WRITERS = frozenset({"package.py", "kit.py"})


def test_package_metadata_is_built_in_one_place() -> None:
    """No module but ``package.py`` spells out a package head (the version, the publisher, the uri ...)."""
    builders = []
    for path, tree in _trees(("src",)):
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = {key.value for key in node.keys if isinstance(key, ast.Constant)}
                head = keys & {"uri", "version"} and len(keys & PACKAGE_FIELDS) >= 2  # (a report names publisher, date)
                if head and path.relative_to(SRC).as_posix() not in PACKAGE_FIELD_WRITERS:
                    builders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert builders == []
