"""The import report: what was created, updated, left alone or skipped, and why.

Pure module (standard library only).  Memory stays bounded on huge exports:
notes are grouped by their reason, and each reason keeps at most
``MAX_IDS_PER_REASON`` example ids next to its full count.

Worked example::

    >>> report = ImportReport()
    >>> report.add("post", "created")
    >>> report.add("post", "unchanged", 2)
    >>> report.skip("post", "503", "The post type «product» is not imported.")
    >>> report.warn("image", "101", "The file was not found under --uploads.")
    >>> print(report.render())
    kind   created  updated  unchanged  skipped  warnings
    post         1        0          2        1         0
    image        0        0          0        0         1
    <BLANKLINE>
    Skipped:
      post: The post type «product» is not imported. (1: 503)
    Warnings:
      image: The file was not found under --uploads. (1: 101)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ACTIONS", "ImportReport"]

#: The columns of the summary table, in order.
ACTIONS = ("created", "updated", "unchanged", "skipped", "warnings")
MAX_IDS_PER_REASON = 200
SHOWN_IDS = 10


@dataclass
class _Reason:
    count: int = 0
    ids: list[str] = field(default_factory=list)

    def add(self, ident: str) -> None:
        self.count += 1
        if ident and len(self.ids) < MAX_IDS_PER_REASON and ident not in self.ids[-1:]:
            self.ids.append(ident)


@dataclass
class ImportReport:
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    #: (kind, reason) → count and example ids; "skipped" and "warnings" apart.
    skipped: dict[tuple[str, str], _Reason] = field(default_factory=dict)
    warnings: dict[tuple[str, str], _Reason] = field(default_factory=dict)
    #: Aggregated html.convert counters (shortcodes, embeds, dropped tags …).
    conversion: Counter[str] = field(default_factory=Counter)
    #: A problem that stopped reading the file (truncated export), if any.
    fatal: str = ""
    dry_run: bool = False

    def add(self, kind: str, action: str, n: int = 1) -> None:
        self.counts.setdefault(kind, Counter())[action] += n

    def count(self, kind: str, action: str) -> int:
        return self.counts.get(kind, Counter())[action]

    def skip(self, kind: str, ident: str, reason: str) -> None:
        self.add(kind, "skipped")
        self.skipped.setdefault((kind, reason), _Reason()).add(ident)

    def warn(self, kind: str, ident: str, reason: str) -> None:
        self.add(kind, "warnings")
        self.warnings.setdefault((kind, reason), _Reason()).add(ident)

    def reasons(self, which: str = "skipped") -> dict[tuple[str, str], int]:
        """``{(kind, reason): count}`` for ``"skipped"`` or ``"warnings"``."""
        notes = self.skipped if which == "skipped" else self.warnings
        return {key: value.count for key, value in notes.items()}

    def ids(self, kind: str, reason_start: str, which: str = "skipped") -> list[str]:
        """Example ids noted for ``kind`` under reasons starting with a text."""
        notes = self.skipped if which == "skipped" else self.warnings
        found: list[str] = []
        for (note_kind, reason), value in notes.items():
            if note_kind == kind and reason.startswith(reason_start):
                found.extend(value.ids)
        return found

    @property
    def changed_anything(self) -> bool:
        return any(c["created"] or c["updated"] for c in self.counts.values())

    def render(self, *, all_ids: bool = False) -> str:
        kinds = list(self.counts)
        width = max([len("kind"), *(len(k) for k in kinds)])
        header = "kind".ljust(width) + "".join(f"  {a}" for a in ACTIONS)
        lines = [header]
        for kind in kinds:
            numbers = (f"  {self.counts[kind][a]:>{len(a)}}" for a in ACTIONS)
            lines.append(kind.ljust(width) + "".join(numbers))
        extra = [
            f"  {kind}: {action} {n}"
            for kind, counter in self.counts.items()
            for action, n in counter.items()
            if action not in ACTIONS and n
        ]
        if extra:
            lines += ["", "Also:", *extra]
        for title, notes in (("Skipped:", self.skipped), ("Warnings:", self.warnings)):
            if not notes:
                continue
            if title == "Skipped:" or not self.skipped:
                lines.append("")
            lines.append(title)
            for (kind, reason), value in notes.items():
                shown = value.ids if all_ids else value.ids[:SHOWN_IDS]
                more = "" if len(shown) >= value.count else ", …"
                ids = f": {', '.join(shown)}{more}" if shown else ""
                lines.append(f"  {kind}: {reason} ({value.count}{ids})")
        if self.conversion:
            interesting = sorted(
                (key, n)
                for key, n in self.conversion.items()
                if key.startswith(("shortcode:", "embed:", "dropped:", "gallery:"))
            )
            if interesting:
                lines += ["", "Content conversion:"]
                lines += [f"  {key}: {n}" for key, n in interesting]
        if self.fatal:
            lines += ["", f"Stopped early: {self.fatal}"]
        if self.dry_run:
            lines += ["", "Dry run: nothing was written."]
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        def notes(items: dict[tuple[str, str], _Reason]) -> list[dict[str, Any]]:
            return [
                {"kind": kind, "reason": reason, "count": v.count, "ids": v.ids}
                for (kind, reason), v in items.items()
            ]

        return {
            "counts": {kind: dict(c) for kind, c in self.counts.items()},
            "skipped": notes(self.skipped),
            "warnings": notes(self.warnings),
            "conversion": dict(self.conversion),
            "fatal": self.fatal,
            "dry_run": self.dry_run,
        }
