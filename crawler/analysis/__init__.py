"""Analysis of a parsed article's text: what it is about, and whom and where it names.

Parsing (crawler.parsers) reads fields off a page; analysis reads meaning off those fields, so it
runs the same on a page just parsed and on a report re-scored from the store.

- topic.py: the law-enforcement verdict, with the terms that decided it.
- entities.py: agencies, provinces, places and amounts of money named in the text.
- gazetteer.py: the North Korean place names entities.py looks for.
"""
