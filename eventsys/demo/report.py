"""What a seed run created, counted by kind of row."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SeedReport:
    """What a seed run created, for the CLI to print."""

    created: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, count: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + count
