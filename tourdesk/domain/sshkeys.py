"""OpenSSH public keys as people hand them over (`id_ed25519.pub`), and the line of the
service account's `authorized_keys` that lets one in as their tourdesk login.

Every person logs in as the one service account; the key they use decides who they are,
because its line forces `tourdesk ssh-shell LOGIN` with `restrict,pty` (no forwarding,
no agent, no X11, no user rc; a terminal for the TUI), the model gitolite and Gitea use.
Nothing here is written to a file: the service does that."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from dataclasses import dataclass

from tourdesk.domain.errors import ValidationError

KEY_TYPES = frozenset({
    "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
})  # fmt: skip
# A login that goes into a forced command: no quoting needed, nothing a shell reads.
SSH_LOGIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_COMMENT_UNSAFE = re.compile(r"[^A-Za-z0-9@._+-]+")
_PATH_UNSAFE = re.compile(r"[^A-Za-z0-9/._+@-]")
BEGIN = "# tourdesk: the lines below are managed by `tourdesk ssh authorized-keys --write`"
END = "# tourdesk: end of managed lines"


@dataclass(frozen=True, slots=True)
class PublicKey:
    key_type: str
    data: str  # base64, as in the .pub file
    comment: str = ""

    @property
    def fingerprint(self) -> str:
        """As `ssh-keygen -l` prints it: SHA256 of the key, base64 without padding."""
        digest = hashlib.sha256(base64.b64decode(self.data)).digest()
        return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def parse_public_key(text: str) -> PublicKey:
    """One public key in OpenSSH's format; refused in one line when it is anything else
    (a private key, options before the key, several keys, a damaged key)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise ValidationError("key", "no public key given: paste the one line of your .pub file")
    if len(lines) > 1:
        if "PRIVATE KEY" in lines[0]:
            raise ValidationError("key", "that is a private key: give the .pub file, never "
                                  "the private one")
        raise ValidationError("key", f"{len(lines)} lines: give one public key at a time")
    parts = lines[0].split(None, 2)
    if parts[0] not in KEY_TYPES:
        raise ValidationError("key", f"'{parts[0][:40]}' is not a key type tourdesk takes "
                              "(options before the key are not accepted either): one of "
                              + ", ".join(sorted(KEY_TYPES)))
    if len(parts) < 2:
        raise ValidationError("key", "the key's data is missing after its type")
    try:
        blob = base64.b64decode(parts[1], validate=True)
        (length,) = struct.unpack(">I", blob[:4])
        inner = blob[4:4 + length].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError, ValueError):
        raise ValidationError("key", "the key's data is damaged (not the base64 of a "
                              "key)") from None
    if inner != parts[0] or len(blob) < 32:
        raise ValidationError("key", f"the key's data is not a {parts[0]} key")
    comment = _COMMENT_UNSAFE.sub("_", parts[2].strip())[:100] if len(parts) > 2 else ""
    return PublicKey(parts[0], parts[1], comment)


def check_ssh_login(login: str) -> str:
    if not SSH_LOGIN.fullmatch(login):
        raise ValidationError("login", f"'{login[:64]}' cannot log in over SSH: a login with a "
                              "key is 1 to 64 letters, digits, '.', '_' or '-', starting "
                              "with a letter or digit")
    return login


def forced_command(executable: str, db: str, login: str) -> str:
    """What sshd runs for the key, whatever the client asks: the client's own command
    reaches tourdesk only as $SSH_ORIGINAL_COMMAND, which ssh-shell reads as words."""
    for what, path in (("program", executable), ("database", db)):
        if _PATH_UNSAFE.search(path):
            raise ValidationError(what, f"'{path}': a path in authorized_keys may hold only "
                                  "letters, digits and / . _ + @ -")
    return f"{executable} --db {db} ssh-shell {check_ssh_login(login)}"


def authorized_line(command: str, key: PublicKey) -> str:
    comment = f" {key.comment}" if key.comment else ""
    return f'command="{command}",restrict,pty {key.key_type} {key.data}{comment}'


def replace_managed(existing: str, lines: list[str]) -> str:
    """`existing` with the managed block replaced by `lines` (added at the end when it
    had none); every other line is kept as it was."""
    kept: list[str] = []
    inside = False
    for line in existing.splitlines():
        if line == BEGIN:
            inside = True
        elif line == END and inside:
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join([*kept, BEGIN, *lines, END]) + "\n"
