"""The error of the perinatal import: file, line and column, with a Dutch message."""

from __future__ import annotations

from pathlib import Path


class PerinatalFileError(Exception):
    """A rejected perinatal file. `str()` reads "bestand, regel N, kolom M (naam): bericht"."""

    def __init__(self, path: Path | str, line: int | None, column: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.message = message
        where = [self.path.name]
        if line is not None:
            where.append(f"regel {line}")
        if column is not None:
            where.append(f"kolom {column}")
        super().__init__(f"{', '.join(where)}: {message}")
