"""The README tells the truth about keys and commands."""

import click

from tourdesk.cli import cli, walk_commands
from tourdesk.tui.keymap import KEY_NAMES, SECTIONS

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_binding_is_in_the_readme_key_table():
    rows = [line for line in README.splitlines() if line.startswith("| ")]
    for where, bindings in SECTIONS:
        for binding in bindings:
            first = KEY_NAMES.get(binding.key.split(",")[0], binding.key.split(",")[0])
            assert any(where in r and f"`{first}`" in r and binding.description.rstrip("…") in r
                       for r in rows), (where, binding.key)


def test_every_command_is_in_the_readme():
    with click.Context(cli) as ctx:
        commands = [name for name, _ in walk_commands(cli, ctx, "tourdesk")]
    assert len(commands) >= 9
    for name in commands:
        assert f"`{name}" in README, name


def test_the_lazy_command_table_matches_the_commands_defined():
    import importlib

    from tourdesk.cli.base import LAZY_COMMANDS

    for module in set(LAZY_COMMANDS.values()):
        importlib.import_module(f"tourdesk.cli.{module}")
    assert set(cli.commands) == set(LAZY_COMMANDS)


def test_the_readme_role_table_is_the_grants():
    """One table says who sees what; it must be the rule the services enforce."""
    from tourdesk.domain.access import GRANTS, WORDS, Capability, Role

    lines = README[README.index("| may | manager |"):].splitlines()
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    roles = [Role(name) for name in header[1:]]
    rows = {}
    for line in lines[2:]:
        if not line.startswith("| "):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        found = [c for c in Capability if cells[0].startswith(WORDS[c])]
        assert len(found) == 1, cells[0]
        rows[found[0]] = {role for role, cell in zip(roles, cells[1:], strict=True)
                          if cell == "✓"}
    assert set(rows) == set(Capability)
    for capability, allowed in rows.items():
        assert allowed == {r for r in Role if capability in GRANTS[r]}, capability
