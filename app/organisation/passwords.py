"""Passwords: the one rule every new password meets, changing one's own, and an administrator's reset.

A new password has 12 to 128 characters and is not easy to guess: zxcvbn (Dropbox's strength estimator,
with its lists of common and breached passwords, names and words) must rate it at least MIN_PASSWORD_SCORE,
with the person's own login, name and e-mail and the product's name counted as guessable words.
"""
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from app.extensions import db
from app.organisation.account_runtime import AccountRuntime
from app.organisation.models import User
from app.organisation.policies import Actor, check_may_administer
from app.organisation.sessions import end_every_session
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.platform.transactions import use_case

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
MIN_PASSWORD_SCORE = 2  # zxcvbn: 0 too guessable ... 4 very unguessable; 2 refuses the common and breached ones
CHECKED_CHARACTERS = 64  # zxcvbn's cost grows with length; past this a password's head decides
PRODUCT_WORDS = ("flowdesk", "itsm", "servicedesk", "helpdesk")


@dataclass(frozen=True)
class PasswordProblem:
    """Why a password is refused: a code pages translate, and the sentence in English."""

    code: str  # too_short, too_long, too_guessable
    message: str


@dataclass(frozen=True)
class PasswordRating:
    """How hard a password is to guess (zxcvbn's 0 to 4) and why it is refused (nothing when it may be used)."""

    score: int
    problems: list[PasswordProblem]


def rate_password(password: str, personal_words: Iterable[str] = ()) -> PasswordRating:
    """Rate a new password by the one rule: the page's meter while typing and every refusal read this."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return PasswordRating(0, [PasswordProblem("too_long", f"A password has at most {MAX_PASSWORD_LENGTH} "
                                                              "characters.")])
    words = [word for text in personal_words if text for word in guessable_words(text)]
    verdict = zxcvbn(password[:CHECKED_CHARACTERS], user_inputs=[*words, *PRODUCT_WORDS]) if password else None
    score = int(verdict["score"]) if verdict else 0
    if len(password) < MIN_PASSWORD_LENGTH:
        return PasswordRating(min(score, MIN_PASSWORD_SCORE - 1), [PasswordProblem(
            "too_short", f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")])
    if verdict is not None and score < MIN_PASSWORD_SCORE:
        hint = verdict["feedback"]["warning"] or "It is too close to a common password, a word or a name."
        return PasswordRating(score, [PasswordProblem("too_guessable", f"This password is easy to guess. "
                                                      f"{hint.rstrip('.')}. Choose a longer one, such as a few "
                                                      "unrelated words.")])
    return PasswordRating(score, [])


def password_problems(password: str, personal_words: Iterable[str] = ()) -> list[PasswordProblem]:
    """Return why a new password is refused (nothing when it may be used)."""
    return rate_password(password, personal_words).problems


def guessable_words(text: str) -> list[str]:
    """Split a login, name or e-mail into the words a guesser would try."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text.lower())
    return [text.lower(), *cleaned.split()]


def personal_words_of(user: User | None, *more: str | None) -> list[str]:
    """Return what a guesser knows about a person: login, name, e-mail."""
    known = [user.login, user.display_name, user.email or ""] if user is not None else []
    return [word for word in (*known, *more) if word]


class WeakPassword(InvalidValues):
    """A new password breaks the rule; problems say why (pages translate their codes)."""

    def __init__(self, problems: list[PasswordProblem]) -> None:
        super().__init__(problems[0].message, {"password": [problem.message for problem in problems]})
        self.problems = problems


class PasswordUnchanged(InvalidValues):
    """The new password is the current one."""


def check_new_password(password: str, personal_words: Iterable[str]) -> None:
    """Raise WeakPassword (field 'password') unless the password meets the rule."""
    problems = password_problems(password, personal_words)
    if problems:
        raise WeakPassword(problems)


def set_password(user: User, password: str, hash_method: str, must_change: bool = False) -> None:
    """Store a new password (checked against the rule) and end every session of the person."""
    check_new_password(password, personal_words_of(user))
    store_password(user, password, hash_method, must_change)


def store_password(user: User, password: str, hash_method: str, must_change: bool = False) -> None:
    """Store a password the caller has checked against the rule, and end every session of the person."""
    user.password_hash = generate_password_hash(password, method=hash_method)
    user.must_change_password = must_change
    end_every_session(user)


class WrongPassword(NotAllowed):
    """The current password given to change it is wrong."""


@use_case
def change_own_password(runtime: AccountRuntime, actor: Actor, current: str, new: str, hash_method: str) -> User:
    """Change the signed-in person's password; the current one must be right, and every session ends."""
    user = db.session.execute(select(User).where(User.id == actor.id).with_for_update()).scalar_one()
    if not user.password_hash or not check_password_hash(user.password_hash, current):
        raise WrongPassword("The current password is wrong; nothing was changed. Type it again.")
    if check_password_hash(user.password_hash, new):
        message = "The new password is the one you have now; choose another."
        raise PasswordUnchanged(message, {"password": [message]})
    set_password(user, new, hash_method)
    runtime.account_changed(runtime, user.id, "password_changed", None, "")
    return user


@use_case
def reset_password(runtime: AccountRuntime, actor: Actor, login: str, temporary: str, hash_method: str,
                   must_change: bool = True) -> None:
    """Give a person a temporary password (to change at next sign-in unless told otherwise); their sessions end."""
    check_may_administer(actor, f"reset the password of '{login}'")
    user = db.session.execute(select(User).where(User.login == login).with_for_update()).scalar_one_or_none()
    if user is None:
        raise NotFound(f"There is no user '{login}'. Add one with 'flowdesk users add {login} --groups ...'.")
    set_password(user, temporary, hash_method, must_change=must_change)
    runtime.account_changed(runtime, user.id, "password_reset", actor.login_unless(user.id), "")
