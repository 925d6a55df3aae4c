"""What a WordPress import did, told to the operator at the end: counts per kind, then every problem.

Kinds, outcomes and problems are recorded with English keys and told in the
active language (French for editors: the import_wordpress command activates it).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

OUTCOMES = {
    "imported": pgettext_lazy("WordPress import report", "imported"),
    "updated": pgettext_lazy("WordPress import report", "updated"),
    "unchanged": pgettext_lazy("WordPress import report", "unchanged"),
    "skipped": pgettext_lazy("WordPress import report", "skipped"),
}
# The rows of the report's table, in this order; other kinds follow in the order they were counted.
KINDS = {
    "authors": pgettext_lazy("WordPress import report", "authors"),
    "categories": pgettext_lazy("WordPress import report", "categories"),
    "tags": pgettext_lazy("WordPress import report", "tags"),
    "posts": pgettext_lazy("WordPress import report", "posts"),
    "pages": pgettext_lazy("WordPress import report", "pages"),
    "comments": pgettext_lazy("WordPress import report", "comments"),
    "pingbacks and trackbacks": pgettext_lazy("WordPress import report", "pingbacks and trackbacks"),
    "images": pgettext_lazy("WordPress import report", "images"),
    "redirects": pgettext_lazy("WordPress import report", "redirects"),
}
# What a problem is about, as its line starts.
SUBJECTS = {
    "post": pgettext_lazy("WordPress import report", "post"),
    "page": pgettext_lazy("WordPress import report", "page"),
    "comment": pgettext_lazy("WordPress import report", "comment"),
    "author": pgettext_lazy("WordPress import report", "author"),
    "category": pgettext_lazy("WordPress import report", "category"),
    "tag": pgettext_lazy("WordPress import report", "tag"),
    "redirect": pgettext_lazy("WordPress import report", "redirect"),
    "file": pgettext_lazy("WordPress import report", "file"),
}

# WordPress's statuses of items left out, as the report names them.
STATUSES = {
    "trash": pgettext_lazy("WordPress import report", "trash"),
    "auto-draft": pgettext_lazy("WordPress import report", "automatic draft"),
    "inherit": pgettext_lazy("WordPress import report", "revision"),
}


@dataclass(frozen=True)
class Problem:
    kind: str  # "post", "page", "comment", "image"…
    label: str  # the item's title and WordPress id, as export.Item.label gives them
    message: str

    def __str__(self):
        subject = str(SUBJECTS.get(self.kind, self.kind))
        return f"{subject} {self.label}\u00a0: {self.message}" if self.label else f"{subject}\u00a0: {self.message}"


@dataclass
class Report:
    source: str = ""
    counts: defaultdict = field(default_factory=lambda: defaultdict(Counter))
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    other_types: Counter = field(default_factory=Counter)  # items of types Refbax has no place for
    skipped_statuses: Counter = field(default_factory=Counter)  # posts and pages left out, by WordPress status

    def count(self, kind, outcome, number=1):
        assert outcome in OUTCOMES, outcome
        self.counts[kind][outcome] += number

    def problem(self, kind, label, message):
        self.problems.append(Problem(kind, label, str(message)))

    def note(self, message):
        self.notes.append(str(message))

    def render(self, *, dry_run=False) -> str:
        lines = [_("WordPress import of %s") % self.source if self.source else _("WordPress import")]
        kinds = [kind for kind in KINDS if kind in self.counts]
        kinds += [kind for kind in self.counts if kind not in KINDS]
        labels = {kind: str(KINDS.get(kind, kind)) for kind in kinds}
        outcomes = [str(label) for label in OUTCOMES.values()]
        width = max([len(label) for label in labels.values()] + [10])
        column = max(len(label) for label in outcomes) + 2
        lines.append(" " * (width + 2) + "".join(f"{label:>{column}}" for label in outcomes))
        for kind in kinds:
            numbers = "".join(f"{self.counts[kind][outcome]:>{column}}" for outcome in OUTCOMES)
            lines.append(f"  {labels[kind]:<{width}}{numbers}")
        if self.skipped_statuses:
            statuses = ", ".join(
                f"{STATUSES.get(name, name)} {number}" for name, number in sorted(self.skipped_statuses.items())
            )
            lines.append(_("Posts and pages left out by WordPress status: %s.") % statuses)
        if self.other_types:
            skipped = ", ".join(f"{name} {number}" for name, number in sorted(self.other_types.items()))
            lines.append(_("Items of other types, not imported: %s.") % skipped)
        lines.extend(self.notes)
        if self.problems:
            lines.append(_("Problems (%d):") % len(self.problems))
            lines.extend(f"  - {problem}" for problem in self.problems)
        else:
            lines.append(_("No problem."))
        if dry_run:
            lines.append(_("Dry run: all of the above was rolled back; nothing was written."))
        return "\n".join(lines)
