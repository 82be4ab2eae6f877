import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The cast's passwords need not resist attackers; hashing them properly takes seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache(db):
    """Login counters live in the cache (a database table unless Redis is configured); every
    test starts without failed attempts."""
    cache.clear()
    yield
    cache.clear()
