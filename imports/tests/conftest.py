import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The cast's passwords need not resist attackers; hashing them properly takes seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_upload_folder(settings, tmp_path):
    """Each test keeps its unconfirmed uploads apart."""
    settings.IMPORT_UPLOAD_ROOT = tmp_path / "uploads"
