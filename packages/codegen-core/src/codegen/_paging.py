"""Auto-paging over ``skip``/``limit`` lists, free of I/O.

Lists of runs are newest first, so runs created while a caller pages push older runs to higher
offsets: the next page then starts with runs already seen. Pages are therefore read in order and
items are de-duplicated by id; nothing is skipped because items only ever move to higher offsets.
Logs are append-only and chronological, so their pages can be fetched several at a time (the async
client does so) once the first page has told the total.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from ._effects import Emit, Flow, Gather, ItemFlow

T = TypeVar("T")

PAGES_PER_BATCH = 2
"""With concurrency ``c``, pages are requested in batches of ``2c``: within a batch a new request
starts as soon as one finishes, so the server is kept busy; between batches items are emitted, which
bounds memory to one batch."""

PageFetcher = Callable[[int, int], Flow[tuple[Sequence[T], int | None]]]
"""``fetch(skip, limit)``: a flow returning one page's items and the list's total (if known)."""


def paginate(
    fetch: PageFetcher[T],
    *,
    page_size: int,
    start: int = 0,
    key: Callable[[T], Hashable] | None = None,
    concurrency: int = 1,
) -> ItemFlow[T]:
    """Emit every item from offset ``start`` on, page by page, until a short page.

    ``key`` de-duplicates items (by id) across pages. With ``concurrency > 1`` and a known total,
    up to that many pages are in flight at once (a :class:`Gather` of a batch of pages); items are
    still emitted in order.
    """
    seen: set[Hashable] = set()
    skip = start
    total: int | None = None
    while True:
        if concurrency > 1 and total is not None and total > skip + page_size:
            batch_end = min(total, skip + page_size * concurrency * PAGES_PER_BATCH)
            offsets = range(skip, batch_end, page_size)
            pages = yield Gather([fetch(offset, page_size) for offset in offsets], concurrency)
        else:
            pages = [(yield from fetch(skip, page_size))]
        for items, page_total in pages:
            for item in items:
                if key is not None:
                    item_key = key(item)
                    if item_key in seen:
                        continue
                    seen.add(item_key)
                yield Emit(item)
            skip += len(items)
            total = page_total
            if len(items) < page_size:
                return
