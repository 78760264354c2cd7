"""No function in src/ is longer than 150 lines: a longer one does several things, each worth a name."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "ocds_regency"
MAX_LINES = 150


def long_functions(root: Path, limit: int) -> dict[str, int]:
    """``"path:name"`` -> lines, for every function or method of the ``.py`` files under ``root`` above ``limit``."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                lines = node.end_lineno - node.lineno + 1
                if lines > limit:
                    found[f"{path.relative_to(root).as_posix()}:{node.name}"] = lines
    return found


def test_no_function_in_src_is_above_150_lines() -> None:
    assert long_functions(SRC, MAX_LINES) == {}, f"split these functions (at most {MAX_LINES} lines each)"


def test_the_walk_counts_a_long_function_and_its_nested_ones(tmp_path: Path) -> None:
    body = "\n".join(f"    x{n} = {n}" for n in range(MAX_LINES))
    (tmp_path / "m.py").write_text(
        f"def long():\n{body}\n\nclass C:\n    def short(self):\n        return 1\n\n"
        f"def outer():\n    def inner():\n{body.replace('    ', '        ')}\n    return inner\n",
        encoding="utf-8",
    )
    assert long_functions(tmp_path, MAX_LINES) == {
        "m.py:long": MAX_LINES + 1,
        "m.py:outer": MAX_LINES + 3,
        "m.py:inner": MAX_LINES + 1,
    }
