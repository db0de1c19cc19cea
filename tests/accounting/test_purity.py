"""The engine is pure Python: importing it pulls in no Django (nor anything web)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import tanhe.accounting

ENGINE_DIR = Path(tanhe.accounting.__file__).parent
FORBIDDEN = ("django", "ninja", "tanhe.calculator", "tanhe.web", "config")


def test_no_module_of_the_engine_imports_django():
    offenders = []
    for path in ENGINE_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN or n in FORBIDDEN
            ]
    assert offenders == []


def test_importing_and_running_the_engine_loads_no_django():
    code = (
        "import sys, tanhe.accounting as a, tanhe.cli;"
        "a.calculate(a.parse_plant_year(open('examples/issue-example.json','rb').read()));"
        "bad=[m for m in sys.modules if m.split('.')[0] in ('django','ninja','pydantic')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
