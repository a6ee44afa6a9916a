"""Find where many literal keys occur in a text, in one pass.

The classifier's rules each name a few lower-case keys, one of which every match contains; a rule
reads only the sentences that hold one. Looking for ~300 keys one `str.find` at a time cost
more than the rules themselves, so an Aho-Corasick automaton (pyahocorasick) finds them all at
once.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick


class KeyFinder:
    """An automaton over a fixed set of keys; `positions` reads one text."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for key in set(keys):
            self._automaton.add_word(key, (len(key) - 1, key))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def positions(self, text: str) -> dict[str, list[int]]:
        """The start of every occurrence of each key found in `text` (overlaps included), in order."""
        found: dict[str, list[int]] = {}
        if self._empty:
            return found
        for end, (last, key) in self._automaton.iter(text):
            found.setdefault(key, []).append(end - last)
        return found
