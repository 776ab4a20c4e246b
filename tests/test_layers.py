"""domain, store and services never import textual: everything works without a screen."""

import ast
import subprocess
from pathlib import Path

from conftest import PYTHON, ROOT

LOWER_LAYERS = ("domain", "store", "services")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
            if node.module.startswith("tourdesk.tui"):
                found.add("tourdesk.tui")
    return found


def test_no_lower_layer_module_imports_textual_or_the_tui():
    offenders = []
    for layer in LOWER_LAYERS:
        for path in sorted((ROOT / "tourdesk" / layer).rglob("*.py")):
            bad = _imports(path) & {"textual", "rich", "tourdesk.tui"}
            if bad:
                offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert offenders == []


def test_importing_every_lower_module_does_not_load_textual():
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for layer in LOWER_LAYERS
        for p in (ROOT / "tourdesk" / layer).rglob("*.py")
    ]
    assert len(modules) > 10
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m.removesuffix('.__init__'))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cli_subcommands_run_without_loading_textual(tmp_path):
    code = (
        "import sys\nfrom tourdesk.cli import cli\n"
        f"try:\n    cli(['--db', {str(tmp_path / 'x.db')!r}, 'tour', 'list'], prog_name='t')\n"
        "except SystemExit:\n    pass\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN')\n"
    )
    out = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("CLEAN")


def test_the_layers_contract_holds():
    """import-linter's layers contract (pyproject.toml): cli → tui → services → store →
    domain, never back up."""
    lint = Path(PYTHON).parent / "lint-imports"
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]
