"""Why a package was refused: every problem at once, each as ``file: field: reason``.

Reading (problemformat.archive) and validation (problemformat.package_loader) both report through these;
``PackageError.problems`` holds the structured records for the API's 422 body.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["PackageError", "PackageProblem"]


@dataclass(frozen=True)
class PackageProblem:
    """One thing wrong with a package: where (file, dotted field or "") and why."""

    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.reason}" if self.field else f"{self.file}: {self.reason}"

    def as_dict(self) -> dict[str, str]:
        """JSON-ready form (the API's 422 body lists these)."""
        return {"file": self.file, "field": self.field, "reason": self.reason}


class PackageError(ValueError):
    """A package was refused; ``problems`` lists every reason, ``str()`` one per line."""

    def __init__(self, problems: Iterable[PackageProblem]) -> None:
        self.problems: list[PackageProblem] = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
