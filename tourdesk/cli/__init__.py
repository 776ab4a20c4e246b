"""Command line: `tourdesk` opens the TUI; subcommands print to stdout for scripts.

Diagnostics go to stderr. Exit codes: 0 done, 2 refused (bad input, unusable database,
unknown name) with a one-line reason, 1 anything unexpected.
"""

import os
import sys

import click

from tourdesk.cli.base import cli, walk_commands
from tourdesk.cli.forced import forced_arguments

__all__ = ["cli", "main", "walk_commands"]


def main() -> None:
    try:
        args = forced_arguments(sys.argv[1:], os.environ.get("SSH_ORIGINAL_COMMAND"))
    except click.UsageError as exc:
        click.echo(f"tourdesk: {exc.message}", err=True)
        sys.exit(2)
    cli(args=args, prog_name="tourdesk")
