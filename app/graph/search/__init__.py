"""Full-text search over names, pinyin, aliases, descriptions and quotes.

Texts are folded (NFKC, case-folded) so that ``河谷（北城）实验室`` finds ``河谷(北城)实验室``
and ``RIVER`` finds ``river``. An inverted index of character bigrams (which suit Chinese
as well as pinyin and English) narrows each query to a few candidate texts, so no query
visits every entry; ranking is exact (1.0) > prefix (0.9–0.99) > substring (0.7–0.79) >
fuzzy (below 0.6), a closer match ranking higher within a tier, and ``field`` says what
matched.

Three modules: :mod:`~app.graph.search.text` folds texts and reads them as pinyin,
:mod:`~app.graph.search.postings` builds the inverted postings, and
:mod:`~app.graph.search.index` holds the index of one snapshot and ranks its hits.
"""

from __future__ import annotations

from app.graph.search.index import FIELDS, TIERS, Entry, Hit, SearchIndex
from app.graph.search.text import fold, pinyin

__all__ = ["FIELDS", "TIERS", "Entry", "Hit", "SearchIndex", "fold", "pinyin"]
