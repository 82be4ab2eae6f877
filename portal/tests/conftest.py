import pytest


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # The cast logs in with force_login; slow password hashing only costs time here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
