"""The search syntax readers type, parsed once and rendered for each engine.

The syntax is the one web search engines taught everyone (and PostgreSQL's
``websearch_to_tsquery`` reads): words are all required, ``"exact phrases"`` in double
quotes, ``OR`` between two terms for either, ``-word`` or ``-"a phrase"`` to exclude.
OR binds tighter than the implicit AND: ``bribe yuan OR dollars`` means bribe and (yuan
or dollars). It is parsed here rather than handed to the engine so that both engines
mean the same thing and a query that makes no sense is refused with a reason, instead of
FTS5 raising a syntax error or PostgreSQL silently dropping the parts it cannot read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.errors import StoreError

#: Longest query accepted: a search box, not a document.
MAX_QUERY_CHARS = 500
MAX_TERMS = 32

# A word the index can hold: letters and digits (any script); the rest separates words.
_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r'\s*(-?)(?:"([^"]*)("?)|(\S+))')


class BadSearchQuery(StoreError, ValueError):
    """A query that cannot be searched for; the message says why, on one line."""

    def __init__(self, query: str, problem: str) -> None:
        shown = query if len(query) <= 60 else query[:57] + "..."
        super().__init__(f"cannot search for {shown!r}: {problem}")
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Term:
    """A word or a phrase: the words it must contain, in this order."""

    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """All of ``required`` (each a group of terms of which one must match), none of ``excluded``."""

    text: str
    required: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]

    @property
    def words(self) -> tuple[str, ...]:
        """Every word the query looks for (not the excluded ones)."""
        return tuple(w for group in self.required for t in group for w in t.words)


def parse_query(text: str) -> SearchQuery:
    """Parse what a reader typed; raise BadSearchQuery saying what is wrong with it."""
    if len(text) > MAX_QUERY_CHARS:
        raise BadSearchQuery(text, f"longer than {MAX_QUERY_CHARS} characters")
    required: list[list[Term]] = []
    excluded: list[Term] = []
    after_or = False  # the previous piece was OR
    after_positive = False  # the previous piece was a term to find
    for negated, term in _pieces(text):
        if term is None:  # an OR
            if not after_positive:
                raise BadSearchQuery(text, "OR must stand between two search terms")
            after_or, after_positive = True, False
            continue
        if negated and after_or:
            raise BadSearchQuery(text, "OR cannot join an -exclusion")
        if negated:
            excluded.append(term)
        elif after_or:
            required[-1].append(term)
        else:
            required.append([term])
        after_or, after_positive = False, not negated
    if after_or:
        raise BadSearchQuery(text, "OR must stand between two search terms")
    if not required:
        problem = (
            "an -exclusion needs at least one word to search for"
            if excluded
            else "there are no words to search for"
        )
        raise BadSearchQuery(text, problem)
    if sum(len(g) for g in required) + len(excluded) > MAX_TERMS:
        raise BadSearchQuery(text, f"more than {MAX_TERMS} terms")
    return SearchQuery(
        text=text,
        required=tuple(tuple(group) for group in required),
        excluded=tuple(excluded),
    )


def _pieces(text: str) -> list[tuple[bool, Term | None]]:
    """The query as (negated, term) pairs; ``None`` for an OR. Empty terms are dropped.

    A bare word with inner punctuation ("Kim's", "co-op", "10,000") is one term whose
    parts must stand next to each other, as the index splits it the same way.
    """
    pieces: list[tuple[bool, Term | None]] = []
    position = 0
    stripped = text.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None:  # only whitespace is left
            break
        position = match.end()
        negated, phrase, closed, bare = match.groups()
        if phrase is not None and not closed:
            raise BadSearchQuery(text, 'a "phrase" is not closed with a second "')
        if bare == "OR" and not negated:
            pieces.append((False, None))
            continue
        words = tuple(w.casefold() for w in _WORD.findall(phrase or bare or ""))
        if words:  # punctuation alone is nothing the index could find
            pieces.append((bool(negated), Term(words)))
    return pieces


def fts5_match(query: SearchQuery) -> str:
    """The query in SQLite FTS5's syntax; every word is quoted, so nothing is an operator."""
    groups = [
        "(" + " OR ".join(_fts5_phrase(t) for t in group) + ")"
        for group in query.required
    ]
    expression = " AND ".join(groups)
    for term in query.excluded:
        expression = f"({expression}) NOT {_fts5_phrase(term)}"
    return expression


def _fts5_phrase(term: Term) -> str:
    # Words hold only \w characters, so no double quote needs escaping inside.
    return '"' + " ".join(term.words) + '"'
