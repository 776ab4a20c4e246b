"""Documents of a tour (stage plot, input list, rider, contract, visa papers): their
kinds, who may read each kind, and the limits on a file. No I/O."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from enum import StrEnum

from tourdesk.domain.access import Capability
from tourdesk.domain.errors import ValidationError
from tourdesk.domain.text import clean_input

MAX_BYTES = 20_000_000
NAME_MAX = 200


class DocKind(StrEnum):
    STAGE_PLOT = "stage_plot"
    INPUT_LIST = "input_list"
    RIDER = "rider"
    CONTRACT = "contract"
    VISA = "visa"
    OTHER = "other"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def needs(self) -> Capability:
        """What reading a document of this kind takes: contracts carry the fee and visa
        papers people's passports, so they follow the money roles."""
        return OFFICE_KINDS.get(self, Capability.READ_SCHEDULE)

    @property
    def office(self) -> bool:
        return self in OFFICE_KINDS


KIND_LABELS = {
    DocKind.STAGE_PLOT: "Stage plot", DocKind.INPUT_LIST: "Input list",
    DocKind.RIDER: "Rider", DocKind.CONTRACT: "Contract", DocKind.VISA: "Visa papers",
    DocKind.OTHER: "Document",
}  # fmt: skip
OFFICE_KINDS = {DocKind.CONTRACT: Capability.READ_MONEY, DocKind.VISA: Capability.READ_MONEY}


@dataclass(frozen=True, slots=True)
class Document:
    tour_id: int
    kind: DocKind
    name: str
    size: int
    sha256: str
    media_type: str = "application/octet-stream"
    gig_day_id: int | None = None
    venue_id: int | None = None
    id: int | None = None
    added_by: str = ""
    added_at: str = ""  # UTC, ISO 8601


def doc_kind(text: str | None) -> DocKind:
    key = (text or "").strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {"plot": DocKind.STAGE_PLOT, "inputs": DocKind.INPUT_LIST,
               "visa_papers": DocKind.VISA}
    try:
        return aliases.get(key) or DocKind(key)
    except ValueError:
        raise ValidationError("kind", "one of " + ", ".join(k.value for k in DocKind)) from None


def doc_name(text: str | None) -> str:
    name = clean_input(text).replace("/", "_").replace("\\", "_")
    if not name:
        raise ValidationError("name", "give the document a file name (--name)")
    if len(name) > NAME_MAX:
        raise ValidationError("name", f"at most {NAME_MAX} characters")
    return name


def check_size(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise ValidationError("file", f"larger than {MAX_BYTES // 1_000_000} MB")


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def media_type(name: str) -> str:
    return mimetypes.guess_type(name, strict=False)[0] or "application/octet-stream"


def size_text(size: int) -> str:
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    return f"{size / 1_000_000:.1f} MB"
