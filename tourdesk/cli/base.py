"""The `tourdesk` command group, its global options and what every command shares.

Diagnostics go to stderr. Exit codes: 0 done, 2 refused (bad input, unusable database,
unknown name) with a one-line reason, 1 anything unexpected.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click

from tourdesk.domain.errors import ValidationError, ValidationErrors
from tourdesk.domain.text import printable
from tourdesk.services.csv_rows import ImportRejected
from tourdesk.store import Store, StoreError, open_store
from tourdesk.store.connection import resolve_path
from tourdesk.store.errors import ForbiddenError, ReadOnlyDatabaseError

REFUSALS = (StoreError, ImportRejected, ValidationError, ValidationErrors)
USER_FIXABLE_ERRNOS = (errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.EROFS)


def undecodable_argument(args: list[str]) -> str:
    """'' when every argument is valid UTF-8, else a line naming the first that is not
    (by its option when it is one's value) with the bad bytes shown as \\xNN."""
    for n, arg in enumerate(args):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            option, _, value = shown.partition("=")
            if arg.startswith("--") and value:
                return f"the value of {option} is not valid UTF-8: {printable(value)}"
            before = args[n - 1] if n else ""
            if before.startswith("-") and not arg.startswith("-"):
                return f"the value of {printable(before)} is not valid UTF-8: {printable(shown)}"
            return f"argument {printable(shown)} is not valid UTF-8"
    return ""


@dataclass
class Options:
    db: Path | None
    actor: str | None
    mouse: bool
    over_ssh: bool = False  # run by `ssh-shell`: actor is the key's login, no server paths

    @property
    def path(self) -> Path:
        return resolve_path(self.db)

    @contextlib.contextmanager
    def store(self, *, read_only: bool = False) -> Iterator[Store]:
        """The open database; after a command that worked, today's automatic backup is
        started in the background if it is due (see `daily_backup`).

        `read_only`: a command that only reads (exports, lists, shows, day sheets) opens
        the file with `mode=ro`, so nothing it runs can write, and a crew login exporting
        a calendar never takes the write side of the file. A file that does not exist yet
        or needs a schema upgrade first opens as usual (which creates or migrates it)."""
        store = self._open(read_only)
        try:
            yield store
            if not self.over_ssh:  # a process started over SSH ends with the session
                daily_backup(store)
        finally:
            store.close()


    def _open(self, read_only: bool) -> Store:
        if read_only and self.path.exists():
            try:
                return open_store(self.db, self.actor, remote=self.over_ssh, read_only=True)
            except ReadOnlyDatabaseError:
                pass  # an upgrade is due, or the -shm cannot be made: the usual open says
        return open_store(self.db, self.actor, remote=self.over_ssh)


def daily_backup(store: Store) -> None:
    """When today's backup is due and no timer makes them, start it as a detached
    process (`backup --auto`) and return: nobody waits for housekeeping. It only reads
    here; a failure is kept for `backup` and `check` to show."""
    from tourdesk.services.backup_names import daily_path, today

    with contextlib.suppress(StoreError, OSError):
        if daily_path(store.path, today(store.clock())).exists():
            return  # made already: the backup code need not even load
        from tourdesk.services.backups import start_daily_backup

        start_daily_backup(store)


# Each top-level command and the module that defines it. Modules load when their command
# runs (or help lists them): opening the TUI imports none of them.
LAZY_COMMANDS = {
    "demo": "tours", "info": "tours", "tour": "tours", "gig": "tours", "venue": "tours",
    "import": "tours", "inventory": "equipment", "carnet": "equipment",
    "checklist": "equipment", "flags": "equipment", "export": "calendars",
    "daysheet": "tours", "route": "tours", "geocode": "tours", "crew": "crew",
    "staff": "crew", "feed": "feeds", "serve-calendar": "feeds", "backup": "maintenance",
    "restore": "maintenance", "check": "maintenance", "budget": "money", "settle": "money",
    "pay": "money", "user": "users", "ssh-shell": "ssh", "ssh": "ssh", "schedule": "tours",
    "studio": "studio", "replica": "replica", "event": "events",
    "guest": "paperwork", "doc": "paperwork", "changes": "paperwork",
    "tourbook": "paperwork",
    "travel": "travel", "hotel": "travel", "advance": "advancing",
}  # fmt: skip


class TourdeskGroup(click.Group):
    """Loads commands on demand, and turns the errors a user can fix into
    `tourdesk: reason` and exit status 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS and name not in self.commands:
            importlib.import_module(f"tourdesk.cli.{LAZY_COMMANDS[name]}")
        return super().get_command(ctx, name)

    def main(self, args: Sequence[str] | None = None, *a: Any, **kw: Any):  # noqa: ANN201
        """Refuse an argument that is not valid UTF-8 (Python keeps its bytes as lone
        surrogates) before any command sees it."""
        bad = undecodable_argument(list(sys.argv[1:] if args is None else args))
        if bad:
            click.echo(f"tourdesk: {bad}", err=True)
            sys.exit(2)
        return super().main(args, *a, **kw)

    def invoke(self, ctx: click.Context):  # noqa: ANN201 - click's own signature
        try:
            return super().invoke(ctx)
        except REFUSALS as exc:
            click.echo(f"tourdesk: {printable(exc, single_line=False)}", err=True)
            ctx.exit(2)
        except click.UsageError as exc:  # one line, like every other refusal
            where = exc.ctx.command_path if exc.ctx else "tourdesk"
            click.echo(f"tourdesk: {printable(exc.format_message())} (see {where} --help)",
                       err=True)
            ctx.exit(2)
        except OSError as exc:  # a folder you may not enter, a full disk: one line
            if exc.errno not in USER_FIXABLE_ERRNOS:
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"tourdesk: {printable(where)}{exc.strerror or exc}", err=True)
            ctx.exit(2)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Every command with its full path, subcommands included."""
        rows = list(walk_commands(self, ctx, "tourdesk"))
        with formatter.section("All commands"):
            formatter.write_dl(rows)
        super().format_epilog(ctx, formatter)


def walk_commands(group: click.Group, ctx: click.Context, prefix: str) -> Iterator[tuple[str, str]]:
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        if isinstance(command, click.Group):
            yield from walk_commands(command, ctx, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}", command.get_short_help_str(limit=60)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain aligned text table; every cell made safe for the terminal. Widths are
    terminal cells (Rich's measure: a CJK character or an emoji takes two), so wide
    text lines up."""
    from rich.cells import cell_len

    cells = [[printable(c) for c in row] for row in rows]
    widths = [max([cell_len(h)] + [cell_len(r[i]) for r in cells])
              for i, h in enumerate(headers)]

    def line(row: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - cell_len(c))
                         for c, w in zip(row, widths, strict=True)).rstrip()

    return "\n".join([line(headers), *map(line, cells)])


@click.group(cls=TourdeskGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--db", type=click.Path(path_type=Path), default=None,
              help="Database file. Default: $TOURDESK_DB, else the user data dir.")
@click.option("--as", "actor", metavar="NAME", default=None,
              help="Act as NAME (managers only; recorded on every change). "
                   "Default: your login name.")
@click.option("--no-mouse", is_flag=True, help="Do not capture the mouse in the TUI.")
@click.version_option(package_name="tourdesk")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, actor: str | None, no_mouse: bool) -> None:
    """tourdesk: live gig and tour logistics in the terminal.

    Without a command, opens the TUI on the database.
    """
    if isinstance(ctx.obj, Options) and ctx.obj.over_ssh:  # set by ssh-shell, not the client
        ctx.obj.mouse = ctx.obj.mouse and not no_mouse
    else:
        ctx.obj = Options(db=db, actor=actor, mouse=not no_mouse)
    if ctx.invoked_subcommand is None:
        run_tui(ctx.obj)


def run_tui(options: Options, tour_name: str | None = None,
            checklist_id: int | None = None) -> None:
    from tourdesk.tui.app import run_app  # Textual loads only when a screen is wanted

    with options.store() as store:
        run_app(store, mouse=options.mouse, tour_name=tour_name, checklist_id=checklist_id)


def gig_on(store: Store, tour_name: str, on: date) -> int:
    """The id of the tour's gig day on `on`; refused by name when there is none."""
    from tourdesk.store import gigs, tours
    from tourdesk.store.errors import NotFoundError

    gig_id = gigs.id_on(store, tours.named(store, tour_name).saved_id, on)
    if gig_id is None:
        raise NotFoundError(f"'{tour_name}' has no gig day on {on}")
    return gig_id


def say(text: object, *, err: bool = False) -> None:
    """A line for the terminal with stored text in it: made inert first."""
    click.echo(printable(text, single_line=False), err=err)


def current_options() -> Options:
    return click.get_current_context().find_object(Options) or Options(None, None, True)


def emit(text: str, output: str | None) -> None:
    """Write to the file `output`, or to stdout when it is None or '-' (made safe for a
    terminal: only line breaks and tabs of the text's own controls survive)."""
    if output in (None, "-"):
        click.echo(printable(text, single_line=False), nl=not text.endswith("\n"))
    else:
        emit_bytes(text.encode("utf-8"), output)


def emit_bytes(data: bytes, output: str | None) -> None:
    """Bytes to stdout, or to the file `output`: never over SSH (a session names no
    server path), never onto the database or a backup, always through a new file."""
    if output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    options = current_options()
    if options.over_ssh:
        raise ForbiddenError("over SSH there is no -o: the export comes to your side on "
                             "standard output (ssh tourdesk@host tourdesk ... > file)")
    from tourdesk.services.files import check_output, write_new

    write_new(check_output(Path(output), options.path), data, mode=0o644)
    click.echo(f"wrote {printable(output)}", err=True)


MAX_INPUT_BYTES = 20_000_000


def read_source(file: str | Path) -> Path | str:
    """What an import reads: `-` is standard input (as text); any other name is a
    file on this machine, which a session over SSH may not name."""
    if str(file) != "-":
        if current_options().over_ssh:
            raise ForbiddenError("over SSH tourdesk reads no file on the server: send it on "
                                 "standard input with - (ssh tourdesk@host tourdesk import "
                                 "... - < file)")
        return Path(file)
    data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise ForbiddenError("standard input: larger than 20 MB; split it")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ForbiddenError(f"standard input, line {line}: not UTF-8 text; save the sheet "
                             "as 'CSV UTF-8'") from None


def read_binary_source(file: str | Path) -> tuple[bytes, str]:
    """A file's bytes as they are, and its name: `-` is standard input (a session over
    SSH sends files that way; naming a server path is refused as for read_source).
    More than 20 MB is refused before anything is stored."""
    if str(file) == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        name = ""
    else:
        if current_options().over_ssh:
            raise ForbiddenError("over SSH tourdesk reads no file on the server: send it on "
                                 "standard input with - (ssh tourdesk@host tourdesk doc add "
                                 "... - < file)")
        path = Path(file)
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise ForbiddenError(f"{printable(file)}: {exc.strerror or exc}") from None
        name = path.name
    if len(data) > MAX_INPUT_BYTES:
        raise ForbiddenError(f"{'standard input' if not name else printable(name)}: larger "
                             "than 20 MB")
    return data, name
