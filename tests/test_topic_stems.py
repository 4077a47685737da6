"""The topic terms' literal words: a term whose words are not in the text is not run, and
that must never hide a match the regex would find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.analysis import topic


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "arrest",
                "Arrested",
                "ARRESTING",
                "detained",
                "\u0131",  # dotless i
                "\u017fmuggling",  # long s
                "smuggling",
                "bribes",
                "price",
                "prices",
                "rice",
                "the",
                " ",
                "\n",
                "K",
                "police",
                "State Security",
                "crack down",
                "cracked down on",
                "sentenced to",
                "for questioning",
                "were",
                "caught",
                "picked",
                "up",
                "held",
                "in",
                "custody",
                "public",
                "trial",
                "Christians",
                "-",
                "\u2019",
            ]
        ),
        max_size=40,
    )
)
def test_term_stems_never_hide_a_match(words: list[str]) -> None:
    # The substring test on the stems must only skip terms that cannot match.
    text = " ".join(words)
    groups = (topic._ACTS, topic._OFFENCES, topic._NEGATIVES, topic._OFFENDERS)
    for terms in groups:
        unstemmed = [(label, rx, w, None) for label, rx, w, _ in terms]
        assert topic.term_evidence(terms, text[:40], text) == topic.term_evidence(
            unstemmed, text[:40], text
        )


def test_most_terms_have_stems() -> None:
    # Without stems the prefilter does nothing; this says when a vocabulary change loses them.
    terms = [*topic._ACTS, *topic._OFFENCES, *topic._NEGATIVES]
    assert sum(1 for *_, stems in terms if stems) >= len(terms) * 9 // 10
