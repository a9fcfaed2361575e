"""Sign-up that tells nobody whether an address has an account: the address comes first, and whatever it is, the
answer is the same page and one mail to it. A new address gets a link to the rest of the form (users.sign_up);
an address with an account is told to log in or reset its password. Neither branch hashes a password or writes
a row, so the time taken tells nothing either.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import User
from eventsys.services import mail
from eventsys.services.accounts.users import normalize_email
from eventsys.services.errors import DomainError

_SALT = "eventsys.signup"


class InvalidSignupLink(DomainError):
    status = 400


def make_signup_token(email: str, secret_key: str) -> str:
    """A signed token naming an address whose owner may finish signing up."""
    return URLSafeTimedSerializer(secret_key, salt=_SALT).dumps(email)


def get_email_for_signup_token(token: str, secret_key: str, max_age: int) -> str:
    """The address a sign-up link was mailed to, if the link is genuine and unexpired."""
    try:
        email = URLSafeTimedSerializer(secret_key, salt=_SALT).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise InvalidSignupLink(_l("This sign-up link has expired. Sign up again for a new one.")) from error
    except BadSignature as error:
        raise InvalidSignupLink(_l("This sign-up link is not valid. Sign up again for a new one.")) from error
    if not isinstance(email, str):
        raise InvalidSignupLink(_l("This sign-up link is not valid. Sign up again for a new one."))
    return email


def request_sign_up(session: Session, email: str, *, secret_key: str, max_age: int) -> None:
    """Mail the address a link to finish signing up, or, if it has an account, how to log in; needs an app
    context (a request or SERVER_NAME) to build the links. Raises InvalidInput for a malformed address only."""
    email = normalize_email(email)
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        _mail_signup_link(session, email, secret_key, max_age)
    else:
        _mail_existing_account(session, user)


def _mail_signup_link(session: Session, email: str, secret_key: str, max_age: int) -> None:
    link = url_for("auth.finish_signup", token=make_signup_token(email, secret_key), _external=True)
    text = _(
        "Someone, hopefully you, wants to sign up for eventsys with this address. Open this link to continue "
        "(it works for %(hours)d hours):\n%(link)s\n\nIf it was not you, ignore this mail: no account is made.",
        hours=max_age // 3600,
        link=link,
    )
    mail.send_after_commit(session, email, _("Confirm your e-mail address for eventsys"), text + "\n")


def _mail_existing_account(session: Session, user: User) -> None:
    with force_locale(user.locale or str(get_locale() or "en")):
        text = _(
            "Someone, hopefully you, tried to sign up for eventsys with this address, which already has an "
            "account. Log in here:\n%(login)s\n\nForgot your password? Choose a new one here:\n%(reset)s\n\n"
            "If it was not you, ignore this mail: nothing has changed.",
            login=url_for("auth.login", _external=True),
            reset=url_for("auth.request_password_reset", _external=True),
        )
        subject = _("You already have an eventsys account")
    mail.send_after_commit(session, user.email, subject, text + "\n")
