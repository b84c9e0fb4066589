import pytest
from django.core.cache import caches

from portal.card_cache import CACHE


@pytest.fixture(autouse=True)
def _no_plan_sections_kept_from_another_test():
    """Each test starts with the portal's plan sections cache empty, as a new worker process
    does (an id reused after a rollback must not meet another test's entry)."""
    caches[CACHE].clear()
    yield
    caches[CACHE].clear()
