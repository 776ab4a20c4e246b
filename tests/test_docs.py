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
