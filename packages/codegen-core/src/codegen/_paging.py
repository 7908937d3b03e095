"""Auto-paging over ``skip``/``limit`` lists, free of I/O.

Lists of runs are newest first, so runs created while a caller pages push older runs to higher
offsets: the next page then starts with runs already seen. Pages are therefore read in order and
items are de-duplicated by id; nothing is skipped because items only ever move to higher offsets.
Logs are append-only and chronological, so their pages can be fetched several at a time (the async
client does so) once the first page has told the total.

Paging must end even against a server that ignores ``skip`` (or a cache in front of it that does),
or sends more than ``limit`` items: it stops at the list's total, at a short page, at a page that
brings nothing new, and after :data:`MAX_PAGES` pages — and says so in a warning of the ``codegen``
logger when it stopped for any reason but the first two.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from ._effects import Emit, Flow, Gather, ItemFlow
from ._logging import logger

T = TypeVar("T")

PAGES_PER_BATCH = 2
"""With concurrency ``c``, pages are requested in batches of ``2c``: within a batch a new request
starts as soon as one finishes, so the server is kept busy; between batches items are emitted, which
bounds memory to one batch."""

MAX_PAGES = 10_000
"""No list is read past this many pages (a million items at the largest page size)."""

PageFetcher = Callable[[int, int], Flow[tuple[Sequence[T], int | None]]]
"""``fetch(skip, limit)``: a flow returning one page's items and the list's total (if known)."""


def paging_stopped(what: str, pages: int, reason: str) -> None:
    """Say why paging ``what`` ended early (a warning: what was read may be incomplete)."""
    logger.warning("%s: stopped after %d page(s): %s", what, pages, reason)


NOTHING_NEW = "the server sent a page with nothing new (it may be ignoring skip)"


def paginate(
    fetch: PageFetcher[T],
    *,
    what: str,
    page_size: int,
    start: int = 0,
    key: Callable[[T], Hashable] | None = None,
    concurrency: int = 1,
) -> ItemFlow[T]:
    """Emit every item of the list ``what`` from offset ``start`` on, page by page.

    ``key`` de-duplicates items (by id) across pages; without it a page equal to the one before
    counts as nothing new. With ``concurrency > 1`` and a known total, up to that many pages are in
    flight at once (a :class:`Gather` of a batch of pages); items are still emitted in order.
    """
    seen: set[Hashable] = set()
    skip = start
    total: int | None = None
    previous: Sequence[T] | None = None
    pages = 0
    while total is None or skip < total:
        if pages >= MAX_PAGES:
            paging_stopped(what, pages, f"reached the limit of {MAX_PAGES:,} pages")
            return
        if concurrency > 1 and total is not None and total > skip + page_size:
            batch_end = min(total, skip + page_size * concurrency * PAGES_PER_BATCH)
            offsets = range(skip, batch_end, page_size)
            batch = yield Gather([fetch(offset, page_size) for offset in offsets], concurrency)
        else:
            batch = [(yield from fetch(skip, page_size))]
        for items, page_total in batch:
            pages += 1
            if key is None:
                fresh = list(items) if items != previous else []
            else:
                fresh = [item for item in items if key(item) not in seen]
                seen.update(key(item) for item in fresh)
            if items and not fresh:
                paging_stopped(what, pages, NOTHING_NEW)
                return
            for item in fresh:
                yield Emit(item)
            skip += len(items)
            total, previous = page_total, items
            if len(items) < page_size:
                return
