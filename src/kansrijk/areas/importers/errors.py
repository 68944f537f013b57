"""The one error type of the open-data import: where in which file, and what is wrong (in Dutch)."""

from __future__ import annotations

from pathlib import Path


class DataImportError(Exception):
    """A problem in an open-data file. Raised before anything is written (or inside the load's
    transaction, which then rolls back), so the database is never left half-imported."""

    def __init__(self, path: Path | str, line: int | None, column: str | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [self.path.name]
        if self.line is not None:
            parts.append(f"regel {self.line}")
        if self.column:
            parts.append(f"kolom {self.column}")
        return f"{', '.join(parts)}: {self.message}"
