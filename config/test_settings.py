"""Settings for the test suite: the real settings, with a fast password hasher."""

from config.settings import *  # noqa: F403

# Hashing with PBKDF2 costs ~0.3 s per login; tests log in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
