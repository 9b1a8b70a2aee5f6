"""Search below the capabilities.

- `index`: the BM25 index itself (numpy, no Django);
- `registry`: the kinds of documents apps register in their `AppConfig.ready` — how to build a
  document's text, who may find which objects, which writes change it;
- `store`: each process's index over every registered kind, its saved file and the change log
  that keeps every process current;
- `results`: ranked, filtered and paginated lists and the site-wide search, for views and APIs.
"""

from optiimi.core.search.index import Hit, Index, Key

__all__ = ["Hit", "Index", "Key"]
