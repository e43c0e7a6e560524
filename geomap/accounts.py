"""Editors' accounts: passwords hashed with Argon2 (argon2-cffi), checked in constant time.

    add_editor(store, "ana", "correct horse battery staple")
    check_password(store, "ana", "wrong") -> None

A refused sign-in takes as long whether the name or the password was wrong: an unknown
name is checked against a hash all the same.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from geomap.model import InputError
from geomap.store import Store

MIN_PASSWORD = 10           # characters; NIST SP 800-63B asks for at least 8
MAX_PASSWORD = 1000         # hashing a huge password would tie up a worker
MAX_NAME = 64
_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _unknown_hash() -> str:
    """The hash an unknown name is checked against, so that it costs the same time."""
    return _hasher.hash("no such user: this hash matches no password given")


def check_name(name: str) -> str:
    """A user name: letters, digits, '.', '-', '_' or '@', up to MAX_NAME characters."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name or len(name) > MAX_NAME or not all(c.isalnum() or c in "._-@" for c in name):
        raise InputError(f"a user name is 1 to {MAX_NAME} letters, digits, '.', '-', '_' or '@'")
    return name


def add_editor(store: Store, name: str, password: str) -> None:
    """Store an editor with the hash of their password; InputError for a bad name, a short
    password or a name already taken."""
    name = check_name(name)
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InputError(f"a password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    store.add_user(name, _hasher.hash(password))


def check_password(store: Store, name: str, password: str) -> dict | None:
    """The editor's account when the password is theirs, else None, in the same time."""
    try:
        user = store.user(check_name(name))
    except InputError:
        user = None
    stored = user["password_hash"] if user else _unknown_hash()
    try:
        _hasher.verify(stored, (password or "")[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return None
    return user
