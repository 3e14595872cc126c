# SPDX-License-Identifier: EUPL-1.2
"""The engine stays free of Django so it can be reasoned about, tested and benchmarked alone."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
SRC = PACKAGE.parents[1]


def _imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_no_module_of_the_package_imports_django() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            m for m in _imported_modules(path) if m == "django" or m.startswith("django.")
        )
        for path in PACKAGE.rglob("*.py")
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}


def test_importing_the_package_loads_no_django() -> None:
    code = "import sys, balie.scheduling; print('django' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(SRC)},
    )
    assert result.stdout.strip() == "False"
