"""The report every import ends with: per file, per review, what happened and why.

The command prints it as text or as JSON (`--format json`); the admin shows the same structure.
"""

from dataclasses import dataclass, field

from .inputs import Notes

CREATED, UPDATED, UNCHANGED, REFUSED = "created", "updated", "unchanged", "refused"
OUTCOMES = (CREATED, UPDATED, UNCHANGED, REFUSED)


@dataclass
class ReviewReport:
    title: str
    outcome: str  # CREATED, UPDATED or UNCHANGED
    page_id: int | None = None  # None in a dry run that would create the page
    notes: Notes = field(default_factory=Notes)

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "outcome": self.outcome,
            "page_id": self.page_id,
            **self.notes.as_dict(),
        }


@dataclass
class Refusal:
    """Why a file was not imported: one line, the line of the file at fault when known."""

    message: str
    line: int | None = None

    def __str__(self):
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class FileReport:
    path: str
    reviews: list[ReviewReport] = field(default_factory=list)
    refusal: Refusal | None = None
    # Readers of multi-review files say what they skipped and why ("post 12: a page, not a post").
    skipped: list[str] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        """REFUSED, or the outcome its reviews share; a mixed file counts as updated."""
        if self.refusal:
            return REFUSED
        outcomes = {review.outcome for review in self.reviews}
        return outcomes.pop() if len(outcomes) == 1 else UPDATED

    def as_dict(self) -> dict:
        return {
            "file": self.path,
            "outcome": self.outcome,
            "refusal": (
                {"line": self.refusal.line, "message": self.refusal.message}
                if self.refusal
                else None
            ),
            "reviews": [review.as_dict() for review in self.reviews],
            "skipped": self.skipped,
        }

    def lines(self, detail: bool = True) -> list[str]:
        """The file's report as text: one line per review, its notes indented below."""
        if self.refusal:
            return [f"{self.path}: refused: {self.refusal}"]
        lines = []
        for review in self.reviews:
            lines.append(f"{self.path}: {review.outcome}: {review.title}")
            if detail:
                for name, items in review.notes.as_dict().items():
                    if items:
                        lines.append(f"    {name}: " + "; ".join(items))
        lines.extend(f"{self.path}: skipped: {reason}" for reason in self.skipped)
        return lines


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    dry_run: bool = False

    def counts(self) -> dict[str, int]:
        """Reviews created, updated and unchanged, and files refused."""
        counts = dict.fromkeys(OUTCOMES, 0)
        for file in self.files:
            if file.refusal:
                counts[REFUSED] += 1
            for review in file.reviews:
                counts[review.outcome] += 1
        return counts

    def summary(self) -> str:
        counts = self.counts()
        prefix = "Dry run, nothing written: " if self.dry_run else ""
        return prefix + ", ".join(f"{counts[outcome]} {outcome}" for outcome in OUTCOMES)

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "counts": self.counts(),
            "files": [file.as_dict() for file in self.files],
        }
