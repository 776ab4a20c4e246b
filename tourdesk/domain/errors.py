"""Typed validation errors whose messages a road manager can act on."""

from __future__ import annotations

from collections.abc import Iterable


class ValidationError(ValueError):
    """One field is wrong. `str()` names the field and says what to fix."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class ValidationErrors(ValueError):
    """Several fields are wrong at once (a form or a CSV row)."""

    def __init__(self, errors: Iterable[ValidationError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))

    def by_field(self) -> dict[str, str]:
        return {e.field: e.message for e in self.errors}


class Collector:
    """Gathers every field error of a record so the user sees them all at once."""

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def check(self, fn, *args, **kwargs):  # noqa: ANN001, ANN201 - passes the result through
        try:
            return fn(*args, **kwargs)
        except ValidationError as exc:
            self.errors.append(exc)
            return None
        except ValidationErrors as exc:
            self.errors.extend(exc.errors)
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationErrors(self.errors)
