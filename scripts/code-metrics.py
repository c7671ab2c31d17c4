"""Print the figures issue #14 asks for, for the tree it is run in.

Files over 300 lines outside data files, functions over 30 lines, import-time
event listeners, and string-literal comparisons in templates. Tests, bench,
migrations and translations are not code the app runs, so they are left out.

    python scripts/code-metrics.py [ROOT]
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

SKIP = ("tests", "bench", "migrations", "translations", ".venv", "instance")
COMPARISON = re.compile(r"(==|!=)\s*['\"]|['\"]\s*(==|!=)|\bin\s*[\(\[]\s*['\"]")


def app_files(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*.py")
        if not set(p.relative_to(root).parts) & set(SKIP)
        and "egg-info" not in str(p)
        and p.name != "code-metrics.py"
    )


def is_data(path: Path, tree: ast.Module) -> bool:
    """A module that is mostly literals (the demo's texts) is data, not code."""
    literal = sum(
        (n.end_lineno or n.lineno) - n.lineno + 1
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant | ast.List | ast.Tuple | ast.Dict)
        and isinstance(getattr(n, "parent", None), ast.Assign | ast.AnnAssign)
    )
    return literal > 0.6 * len(path.read_text().splitlines())


def main(root: Path) -> None:
    long_files, long_functions, listeners = [], [], []
    for path in app_files(root):
        text = path.read_text()
        tree = ast.parse(text)
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                child.parent = node
        rel = path.relative_to(root)
        if len(text.splitlines()) > 300 and not is_data(path, tree):
            long_files.append(f"{rel} ({len(text.splitlines())})")
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = node.end_lineno - node.lineno + 1
                if n > 30:
                    long_functions.append(f"{rel}:{node.lineno} {node.name} ({n})")
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                if name.endswith(("event.listen", "event.listens_for")):
                    listeners.append(f"{rel}:{node.lineno} {ast.unparse(node)[:70]}")
    comparisons = []
    for path in sorted((root / "templates").rglob("*.html")):
        for i, line in enumerate(path.read_text().splitlines(), 1):
            for tag in re.findall(r"{%.*?%}|{{.*?}}", line):
                if COMPARISON.search(tag):
                    comparisons.append(f"{path.relative_to(root)}:{i}")
    for title, rows in (
        ("files over 300 lines (not data)", long_files),
        ("functions over 30 lines", long_functions),
        ("import-time listeners", listeners),
        ("string-literal comparisons in templates", comparisons),
    ):
        print(f"{title}: {len(rows)}")
        for row in rows:
            print(f"  {row}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve())
