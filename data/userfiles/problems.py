"""What validating a user's file found: problems with their place in the file, and notes."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

ERROR = "error"
WARNING = "warning"

#: Kinds whose rows are map features rather than table rows.
FEATURE_KINDS = ("boundaries",)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, where it is and what to do about it.

    Attributes
    ----------
    file : str
        The file (and sheet, for a workbook) as the user named it.
    row : int or None
        The row as the user sees it (the header is row 1, so the first data
        row is row 2), or the feature number counted from 1; None for the
        whole file.
    column : str or None
        The column, when the problem is in one.
    value : str or None
        The offending value, as written in the file.
    message : str
        What is wrong.
    fix : str
        What to do.
    severity : str
        ``"error"`` (the file is not loaded) or ``"warning"`` (it is, and the
        user should know what was done).
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    fix: str
    severity: str = ERROR


@dataclass
class ValidationReport:
    """Every problem found in one file, and notes on how it was read."""

    file: str
    kind: str
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop the file being loaded."""
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that were dealt with (reprojected, repaired) and do not block."""
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def usable(self) -> bool:
        """True when there are no errors."""
        return not self.errors

    def text(self) -> str:
        """The report for a person: verdict, then each problem with what to do, then notes."""
        errors, warnings = len(self.errors), len(self.warnings)
        verdict = "can be used" if self.usable else "cannot be used"
        counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        lines = [f"{self.file} ({self.kind}): {verdict} ({counts})."]
        unit = "feature" if self.kind in FEATURE_KINDS else "row"
        previous_fix = None
        for problem in self.errors + self.warnings:
            where = [problem.file]
            if problem.row is not None:
                where.append(f"{unit} {problem.row}")
            if problem.column is not None:
                where.append(f"column {problem.column!r}")
            if problem.value is not None:
                where.append(f"value {problem.value!r}")
            lines.append(f"{problem.severity.upper()}: {', '.join(where)}: {problem.message}")
            same = problem.fix == previous_fix
            lines.append(f"  What to do: {'as above.' if same else problem.fix}")
            previous_fix = problem.fix
        if self.notes:
            lines.append("Notes:")
            lines.extend(f"  - {note}" for note in self.notes)
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """One row per problem: file, row, column, value, severity, message and fix."""
        columns = ["file", "row", "column", "value", "severity", "message", "fix"]
        rows = [[getattr(p, c) for c in columns] for p in self.errors + self.warnings]
        frame = pd.DataFrame(rows, columns=columns)
        frame["row"] = frame["row"].astype("Int64")
        return frame
