"""What a WordPress import did, told to the operator at the end: counts per kind, then every problem."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

OUTCOMES = ("imported", "updated", "unchanged", "skipped")
# The order of the report's table; other kinds follow in the order they were counted.
KINDS = (
    "authors",
    "categories",
    "tags",
    "posts",
    "pages",
    "comments",
    "pingbacks and trackbacks",
    "images",
    "redirects",
)


@dataclass(frozen=True)
class Problem:
    kind: str  # "post", "page", "comment", "image"…
    label: str  # the item's title and WordPress id, as export.Item.label gives them
    message: str

    def __str__(self):
        return f"{self.kind} {self.label}: {self.message}" if self.label else f"{self.kind}: {self.message}"


@dataclass
class Report:
    source: str = ""
    counts: defaultdict = field(default_factory=lambda: defaultdict(Counter))
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    other_types: Counter = field(default_factory=Counter)

    def count(self, kind, outcome, number=1):
        assert outcome in OUTCOMES, outcome
        self.counts[kind][outcome] += number

    def problem(self, kind, label, message):
        self.problems.append(Problem(kind, label, message))

    def note(self, message):
        self.notes.append(message)

    def render(self, *, dry_run=False) -> str:
        lines = [f"WordPress import of {self.source}" if self.source else "WordPress import"]
        kinds = [kind for kind in KINDS if kind in self.counts]
        kinds += [kind for kind in self.counts if kind not in KINDS]
        width = max([len(kind) for kind in kinds] + [10])
        lines.append(" " * (width + 2) + "".join(f"{outcome:>11}" for outcome in OUTCOMES))
        for kind in kinds:
            lines.append(f"  {kind:<{width}}" + "".join(f"{self.counts[kind][outcome]:>11}" for outcome in OUTCOMES))
        if self.other_types:
            skipped = ", ".join(f"{name} {number}" for name, number in sorted(self.other_types.items()))
            lines.append(f"Items of other types, not imported: {skipped}.")
        lines.extend(self.notes)
        if self.problems:
            lines.append(f"Problems ({len(self.problems)}):")
            lines.extend(f"  - {problem}" for problem in self.problems)
        else:
            lines.append("No problem.")
        if dry_run:
            lines.append("Dry run: all of the above was rolled back; nothing was written.")
        return "\n".join(lines)
