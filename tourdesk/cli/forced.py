"""`--ssh-command`: under OpenSSH's ForceCommand, run the command the client asked for.

ForceCommand replaces whatever the client asked to run, so `ssh host tourdesk budget
show` would open the TUI. With `--ssh-command` in the forced command line, the words of
`$SSH_ORIGINAL_COMMAND` (split like a shell would, but no shell runs them) follow the
forced options. They must start with a command name: global options such as `--db` or
`--as` stay as the forced command set them.
"""

from __future__ import annotations

import shlex

import click

FLAG = "--ssh-command"


def forced_arguments(args: list[str], original: str | None) -> list[str]:
    """`args` without the flag, followed by the client's command when there is one."""
    if FLAG not in args:
        return args
    kept = [a for a in args if a != FLAG]
    try:
        words = shlex.split(original or "")
    except ValueError as exc:
        raise click.UsageError(f"cannot read the command: {exc}") from None
    if words and words[0] == "tourdesk":
        words = words[1:]
    if words and words[0].startswith("-") and words[0] not in ("-h", "--help", "--version"):
        raise click.UsageError(f"{words[0]}: over SSH only a command can be given, not options "
                               "before it")
    return kept + words
