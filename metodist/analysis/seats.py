"""The catalogue's seats as the plan spends them: `CatalogueItem` and `SeatPool`.

Split from `metodist.analysis.placement`, which decides who is served first; this
module only finds a free seat on the best course for a need and its audience.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from models.positions import fold_position


@dataclass(frozen=True)
class CatalogueItem:
    """A catalogue course (docs/contract.md `courses.csv`): `capacity` seats in the plan year."""

    code: str
    title: str
    areas: tuple[str, ...]
    hours: int
    provider: str
    format: str | None
    capacity: int
    quarter: int
    #: organization kinds the course is for; empty = every kind
    levels: tuple[str, ...] = ()
    #: positions (`models.positions.POSITIONS`) it is for; empty = every position
    positions: tuple[str, ...] = ()

    def admits(self, kind: str, position: str) -> bool:
        """Whether the course is for this kind of organization and (folded) position."""
        return (not self.levels or kind in self.levels) and (
            not self.positions or position in {fold_position(p) for p in self.positions}
        )


#: an index of the pool: (area or None, ≥16 h only, format or None, kind, folded position)
_Key = tuple[str | None, bool, str | None, str, str]


class SeatPool:
    """Seats left per course, with indexes by (area or None, ≥16 h only, format or None,
    and the audience: the kind of organization and the position)."""

    def __init__(self, catalogue: Sequence[CatalogueItem], min_hours: int) -> None:
        codes = [c.code for c in catalogue]
        if len(set(codes)) != len(codes):
            raise ValueError("catalogue course codes must be unique")
        self.courses = sorted(catalogue, key=lambda c: (c.quarter, len(c.areas), c.code))
        self.left = [max(c.capacity, 0) for c in self.courses]
        self.min_hours = min_hours
        self._lists: dict[_Key, tuple[list[int], list[int]]] = {}

    def _index(self, key: _Key) -> tuple[list[int], list[int]]:
        found = self._lists.get(key)
        if found is None:
            area, long_only, fmt, kind, position = key
            items = [
                i
                for i, c in enumerate(self.courses)
                if (area is None or area in c.areas)
                and (not long_only or c.hours >= self.min_hours)
                and (fmt is None or c.format == fmt)
                and c.admits(kind, position)
                and self.left[i] > 0
            ]
            found = self._lists[key] = (items, list(range(len(items) + 1)))
        return found

    def _find(self, items: list[int], nxt: list[int], j: int) -> int:
        """The first position from `j` whose course may have seats (full ones are skipped)."""
        root, end = j, len(items)
        while root < end:
            if nxt[root] != root:
                root = nxt[root]
            elif self.left[items[root]] == 0:
                nxt[root] = root + 1
                root += 1
            else:
                break
        while j < root:
            nxt[j], j = root, nxt[j]
        return root

    def take(self, key: _Key, taken: set[str]) -> CatalogueItem | None:
        """Take a seat on the best course of the index the teacher is not on yet."""
        items, nxt = self._index(key)
        j = self._find(items, nxt, 0)
        while j < len(items):
            course = self.courses[items[j]]
            if course.code not in taken:
                self.left[items[j]] -= 1
                return course
            j = self._find(items, nxt, j + 1)
        return None

    def exists(self, area: str | None, long_only: bool, kind: str, position: str) -> bool:
        """Whether the catalogue has any such course for the audience at all, full or not."""
        return any(
            (area is None or area in c.areas)
            and (not long_only or c.hours >= self.min_hours)
            and c.admits(kind, position)
            for c in self.courses
        )
