"""The error tree drawn in docs/architecture.md is the real one: every class, its parent, its builtin, its module."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path
from typing import NamedTuple

import ocds_regency
from ocds_regency.errors import OcdsRegencyError, OcdsRegencyWarning

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "architecture.md"
ROOTS = (OcdsRegencyError, OcdsRegencyWarning)
#: A line of the drawing: tree glyphs, the class, its builtin bases in brackets, its module, when it is raised.
LINE = re.compile(
    r"(?P<glyphs>[│├└─ ]*)(?P<name>\w+)(?: \[(?P<builtins>[\w, ]+)\])?\s+(?P<module>[\w.]+)\s+(?P<when>\S.*)"
)


class Drawn(NamedTuple):
    parent: str | None
    builtins: tuple[str, ...]
    module: str
    when: str


def drawn_tree(text: str) -> dict[str, Drawn]:
    """Each class of the drawing between the ``error-tree`` markers -> its parent (by indentation) and columns."""
    block = text.split("<!-- error-tree -->", 1)[1].split("<!-- /error-tree -->", 1)[0]
    lines = [line for line in block.splitlines() if line.strip() and not line.startswith("```")]
    tree: dict[str, Drawn] = {}
    stack: list[str] = []
    for line in lines:
        match = LINE.fullmatch(line)
        assert match is not None, f"not a line of the tree: {line!r}"
        depth = len(match["glyphs"]) // 4
        assert len(match["glyphs"]) % 4 == 0 and depth <= len(stack), f"bad indentation: {line!r}"
        del stack[depth:]
        builtins = tuple(name.strip() for name in (match["builtins"] or "").split(",") if name.strip())
        tree[match["name"]] = Drawn(stack[-1] if stack else None, builtins, match["module"], match["when"])
        stack.append(match["name"])
    return tree


def real_tree() -> dict[str, Drawn]:
    """Every subclass of the two bases defined by the package, once every module of the package is imported."""
    for module in pkgutil.walk_packages(ocds_regency.__path__, "ocds_regency."):
        if not module.name.endswith("__main__"):  # running it would run the command line
            importlib.import_module(module.name)
    tree: dict[str, Drawn] = {}
    pending: list[type[BaseException]] = list(ROOTS)
    while pending:
        cls = pending.pop()
        ours = [base for base in cls.__bases__ if issubclass(base, ROOTS)]
        builtins = tuple(base.__name__ for base in cls.__bases__ if base not in ours and base is not Exception)
        assert cls.__name__ not in tree, f"two classes named {cls.__name__}"
        tree[cls.__name__] = Drawn(ours[0].__name__ if ours else None, builtins, cls.__module__, "")
        pending.extend(sub for sub in cls.__subclasses__() if sub.__module__.startswith("ocds_regency."))
    return tree


def test_the_drawn_error_tree_is_the_class_hierarchy() -> None:
    drawn = drawn_tree(PAGE.read_text(encoding="utf-8"))
    real = real_tree()
    assert sorted(drawn) == sorted(real), "classes drawn but missing, or raised but not drawn"
    assert {name: (d.parent, d.builtins) for name, d in drawn.items()} == {
        name: (r.parent, r.builtins) for name, r in real.items()
    }


def test_each_class_is_imported_from_the_module_drawn() -> None:
    real = real_tree()
    for name, drawn in drawn_tree(PAGE.read_text(encoding="utf-8")).items():
        module = importlib.import_module(f"ocds_regency.{drawn.module}")
        cls = getattr(module, name, None)
        assert cls is not None and cls.__module__ == real[name].module, f"{name} is not in ocds_regency.{drawn.module}"


def test_the_drawing_is_read_as_drawn() -> None:
    text = """<!-- error-tree -->
```
Base [UserWarning]            errors   base
├── A [ValueError, KeyError]  a        when a
│   └── B                     a.b      when b
└── C                         c        when c
```
<!-- /error-tree -->"""
    assert drawn_tree(text) == {
        "Base": Drawn(None, ("UserWarning",), "errors", "base"),
        "A": Drawn("Base", ("ValueError", "KeyError"), "a", "when a"),
        "B": Drawn("A", (), "a.b", "when b"),
        "C": Drawn("Base", (), "c", "when c"),
    }
