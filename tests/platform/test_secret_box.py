"""Secrets given back to other servers are sealed at rest, and open only with the installation's key."""
import pytest

from app.platform.secret_box import SecretUnreadable, seal, unseal

KEY = b"k" * 32


def test_a_sealed_secret_opens_with_its_key_and_shows_nothing_of_itself() -> None:
    sealed = seal(KEY, "p@ss/word 密码")
    assert "p@ss" not in sealed and sealed != seal(KEY, "p@ss/word 密码")  # each sealing differs
    assert unseal(KEY, sealed) == "p@ss/word 密码"


def test_a_secret_sealed_under_another_key_or_altered_is_refused_with_what_to_do() -> None:
    sealed = seal(KEY, "p@ss/word")
    with pytest.raises(SecretUnreadable, match="enter the password or token again"):
        unseal(b"another secret key of the same length", sealed)
    altered = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    with pytest.raises(SecretUnreadable):
        unseal(KEY, altered)
