"""What the browser tests share: Playwright's sync API, leaving no database connection behind."""

from contextlib import contextmanager

from django.db import connections


@contextmanager
def sync_playwright():
    """playwright.sync_api.sync_playwright, closing on the way out the database connections
    opened inside it.

    Inside the block an event loop runs in this thread, and Django's connections (kept per
    context) are other objects than outside it: a query there opens a connection of its own,
    which the test's teardown never sees. Left open, it outlived the run, and the test
    database could not be dropped ("being accessed by other users").
    """
    from playwright.sync_api import sync_playwright as playwright_block

    with playwright_block() as playwright:
        try:
            yield playwright
        finally:
            connections.close_all()
