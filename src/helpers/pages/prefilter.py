"""Literal strings that every match of a regular expression must contain, read from its parse tree.

A table of regex rules (the boilerplate rules of ``helpers.pages.cleaning``) can then skip a page or a line
that holds none of a rule's literals, found for all rules in one scan, instead of running every regex
on every line.
"""
from __future__ import annotations

import re
from typing import Any

try:  # CPython's regex parser (``re._parser`` since 3.11); without it there is no shortcut
    from re import _parser as _P
except ImportError:  # pragma: no cover - another Python implementation
    _P = None

#: More alternatives than this make a literal set useless as a filter.
MAX_LITERALS = 24


def required_literals(pattern: str | re.Pattern) -> tuple[str, ...] | None:
    """Strings of which every match of ``pattern`` contains at least one, or None if unknown.

    ``required_literals(r"当前的?位置|您的位置")`` → ``("当前", "您的位置")``: a line holding
    neither cannot match. Among the sets it can prove, the one with the longest shortest string
    (then the fewest strings) is returned. Case-insensitive patterns and constructs the analysis
    does not know give None, never a wrong answer.
    """
    compiled = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern)
    if _P is None or compiled.flags & re.IGNORECASE:
        return None
    try:
        options = _required(list(_P.parse(compiled.pattern, compiled.flags).data))
    except Exception:  # noqa: BLE001 - an unknown parse tree only costs speed
        return None
    best = max(options, key=lambda lits: (min(map(len, lits)), -len(lits)), default=None)
    return tuple(sorted(best)) if best else None


def _required(seq: list) -> list[set[str]]:
    """Every literal set the sequence ``seq`` is known to require (possibly none)."""
    out = []
    for i, (op, av) in enumerate(seq):
        if _nullable(op, av):
            continue
        prefixes = _prefixes(seq[i:])
        if prefixes:
            out.append(prefixes)
        for inner in _inner(op, av):
            out.extend(_required(inner))
        if op is _P.BRANCH:  # one requirement per alternative: their union is required
            per_alt = [max(_required(list(alt)), key=lambda s: min(map(len, s)), default=None) for alt in av[1]]
            if all(per_alt) and len(union := set().union(*per_alt)) <= MAX_LITERALS:
                out.append(union)
    return out


def _inner(op, av) -> list[list]:
    """Sub-sequences a non-empty match of the item must pass through."""
    if op is _P.SUBPATTERN and not av[1] & re.IGNORECASE:
        return [list(av[3])]
    if op is _P.ATOMIC_GROUP:
        return [list(av)]
    if op in (_P.MAX_REPEAT, _P.MIN_REPEAT, _P.POSSESSIVE_REPEAT) and av[0] >= 1:
        return [list(av[2])]
    return []


def _prefixes(seq: list) -> set[str] | None:
    """Literal strings one of which starts every match of ``seq`` (None if there are none)."""
    results, _complete = _prefix_walk(seq)
    results.discard("")
    return results if results and all(results) else None


def _prefix_walk(seq: list) -> tuple[set[str], bool]:
    """The literal prefixes of ``seq`` and whether they spell out the whole of it."""
    results = {""}
    for op, av in seq:
        if op in (_P.AT, _P.ASSERT, _P.ASSERT_NOT):
            continue  # zero width
        if op is _P.LITERAL:
            starts, complete = {chr(av)}, True
        elif op is _P.IN and all(o is _P.LITERAL for o, _ in av):
            starts, complete = {chr(c) for _, c in av}, True
        elif op is _P.BRANCH:
            walks = [_prefix_walk(list(alt)) for alt in av[1]]
            starts = set().union(*(w[0] for w in walks))
            complete = all(w[1] for w in walks)
            if "" in starts:  # an alternative with no literal start
                return results, False
        elif inner := _inner(op, av):
            if op is not _P.SUBPATTERN and op is not _P.ATOMIC_GROUP:  # a repeat: only its first pass
                starts, complete = _prefix_walk(inner[0])[0], False
            else:
                starts, complete = _prefix_walk(inner[0])
            if "" in starts:
                return results, False
        else:
            return results, False
        longer = {r + x for r in results for x in starts}
        if len(longer) > MAX_LITERALS:
            return results, False
        results = longer
        if not complete:
            return results, False
    return results, True


def _nullable(op, av: Any) -> bool:
    """Whether the item can match the empty string (conservatively: True when unsure)."""
    if op in (_P.LITERAL, _P.NOT_LITERAL, _P.IN, _P.ANY):
        return False
    if op is _P.BRANCH:
        return any(all(_nullable(o, a) for o, a in alt) for alt in av[1])
    if op in (_P.MAX_REPEAT, _P.MIN_REPEAT, _P.POSSESSIVE_REPEAT):
        return av[0] == 0 or all(_nullable(o, a) for o, a in av[2])
    inner = _inner(op, av)
    if inner:
        return all(_nullable(o, a) for o, a in inner[0])
    return True


class LiteralIndex:
    """Where the literals of many rules occur in a text, found in one regex scan.

    ``LiteralIndex([("来源",), None, ("星期一", "星期二")]).positions(text)`` gives, for each
    literal set, the sorted start offsets of its literals in ``text`` (None for a None set: that
    rule has no shortcut and must be tried everywhere). Literals that overlap or nest are all found.
    """

    def __init__(self, literal_sets: list[tuple[str, ...] | None]):
        self.sets = literal_sets
        self.by_first: dict[str, list[tuple[str, list[int]]]] = {}
        owners: dict[str, list[int]] = {}
        for i, lits in enumerate(literal_sets):
            for lit in lits or ():
                owners.setdefault(lit, []).append(i)
        for lit, ids in owners.items():
            self.by_first.setdefault(lit[0], []).append((lit, ids))
        alternatives = sorted(owners, key=len, reverse=True)
        self.scan = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None

    def positions(self, text: str) -> list[list[int] | None]:
        """For each literal set, the sorted offsets in ``text`` where one of its literals starts."""
        found: list[list[int] | None] = [None if lits is None else [] for lits in self.sets]
        if self.scan is None:
            return found
        pos = 0
        while (m := self.scan.search(text, pos)) is not None:
            p = m.start()
            for lit, ids in self.by_first[text[p]]:
                if text.startswith(lit, p):
                    for i in ids:
                        if not found[i] or found[i][-1] != p:
                            found[i].append(p)
            pos = p + 1
        return found
