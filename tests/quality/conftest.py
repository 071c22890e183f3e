"""Fixtures of the quality harness: the demo data, and a crawl of it as one role."""

import pytest
from django.test import Client

from .crawler import CrawlResult, crawl, login


@pytest.fixture
def demo(db):
    """The demo data with its two accounts (``sessions.demo.demo_seed``)."""
    from sessions.demo import demo_seed

    return demo_seed(with_accounts=True)


@pytest.fixture
def crawl_as(demo):
    """``crawl_as(role)`` → (a client logged in as ``role``, what that client can reach)."""

    def run(role: str) -> tuple[Client, CrawlResult]:
        client = Client()
        login(client, role)
        return client, crawl(client, role=role, fetch_downloads=False)

    return run
