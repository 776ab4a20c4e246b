"""Command line: `tourdesk` opens the TUI; subcommands print to stdout for scripts.

Diagnostics go to stderr. Exit codes: 0 done, 2 refused (bad input, unusable database,
unknown name) with a one-line reason, 1 anything unexpected.
"""

import sys

from tourdesk.cli.base import cli, walk_commands

__all__ = ["cli", "main", "walk_commands"]


def main() -> None:
    cli(args=sys.argv[1:], prog_name="tourdesk")
