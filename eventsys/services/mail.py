"""The one way eventsys sends mail: SMTP when configured, else .eml files in the outbox folder."""

from __future__ import annotations

import re
import smtplib
import uuid
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from email.charset import BASE64, QP, Charset
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from flask import current_app, has_app_context
from flask_babel import force_locale
from sqlalchemy import event
from sqlalchemy.orm import Session

from eventsys.operations.logs import HEADER as REQUEST_ID_HEADER
from eventsys.operations.logs import current_request_id, job_meta
from eventsys.services import jobs

if TYPE_CHECKING:
    from eventsys.models import User


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


def compose(
    sender: str,
    to: str | Iterable[str],
    subject: str,
    text: str,
    *,
    html: str | None = None,
    calendar: bytes | None = None,
    attachments: Iterable[Attachment] = (),
) -> Message:
    """Build a message with a text part, optional HTML and iCalendar alternatives, and attachments."""
    if html is None and calendar is None and not attachments:
        return _plain(sender, to, subject, text)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to if isinstance(to, str) else ", ".join(to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="eventsys.local")
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    if calendar is not None:
        # iTIP over mail (RFC 6047): the part's method= must be the file's METHOD, or clients show no buttons.
        message.add_alternative(calendar.decode("utf-8"), subtype="calendar", params={"method": _itip_method(calendar)})
    for attachment in attachments:
        maintype, subtype = attachment.mimetype.split("/", 1)
        message.add_attachment(attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename)
    return message


def _plain(sender: str, to: str | Iterable[str], subject: str, text: str) -> Message:
    """A text-only mail (reminders, agendas, digests, notices: most of what is sent) by the compat32 classes.

    EmailMessage parses every header it is given into objects to fold them again: about 4 ms a mail, most of the
    time to send 20,000 timed mails. The same headers, encoded word by word, cost a tenth of that.
    """
    message = MIMEText(text, "plain", _UTF8)
    message["From"] = _header(sender)
    message["To"] = _header(to if isinstance(to, str) else ", ".join(to))
    message["Subject"] = Header(subject, _UTF8 if not subject.isascii() else "us-ascii")
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="eventsys.local")
    return message


def _header(addresses: str) -> str:
    """Addresses with any non-ASCII display name encoded (RFC 2047), the address itself as it is."""
    if addresses.isascii():
        return addresses
    return ", ".join(formataddr(parseaddr(address), charset=_UTF8) for address in addresses.split(","))


#: Quoted-printable bodies, as EmailMessage writes them, rather than compat32's base64 default; base64 encoded
#: words in headers, as choosing the shorter of the two for each header costs more than the rest of the header.
_UTF8 = Charset("utf-8")
_UTF8.body_encoding = QP
_UTF8.header_encoding = BASE64


def _itip_method(calendar: bytes) -> str:
    found = re.search(rb"^METHOD:([A-Z-]+)\r?$", calendar, re.MULTILINE)
    if found is None:
        raise ValueError("an iCalendar mail part needs a METHOD (RFC 6047)")
    return found.group(1).decode("ascii")


def deliver(message: Message, config: dict[str, Any]) -> Path | None:
    """Send `message` by SMTP if MAIL_SERVER is set; otherwise write it to the outbox and return the file."""
    if config.get("MAIL_SERVER"):
        _send_smtp(message, config)
        return None
    outbox = Path(config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{_timestamp()}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(message.as_bytes())
    return path


def _send_smtp(message: Message, config: dict[str, Any]) -> None:
    with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=30) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")


#: Key under which a session keeps the mails its transaction will send when it commits.
_QUEUE = "eventsys.mail_queue"
#: Key of the queue's length when each open savepoint began, to drop what a rolled-back savepoint queued.
_MARKS = "eventsys.mail_marks"
#: The RQ queue of mails sent after a commit, when EVENTSYS_REDIS_URL is set.
QUEUE_NAME = "eventsys-mail"


class QueuedMail(NamedTuple):
    """What a job carries to the worker, which composes the message: plain values, so RQ can pickle it.

    The invitation's .ics is one bytes object in both the calendar part and the attachment, and pickle stores
    an object it meets twice once.
    """

    recipients: list[str]
    subject: str
    text: str
    calendar: bytes | None = None
    attachments: tuple[Attachment, ...] = ()
    #: The request that queued the mail: in its X-Request-Id header, and in the worker's log lines about it.
    request_id: str | None = None


def send_after_commit(
    session: Session,
    to: str | Iterable[str],
    subject: str,
    text: str,
    *,
    calendar: bytes | None = None,
    attachments: Iterable[Attachment] = (),
) -> None:
    """Send a mail only if, and once, the caller's transaction commits: a refused change mails nobody."""
    recipients = [to] if isinstance(to, str) else list(to)
    if recipients:
        mail = QueuedMail(recipients, str(subject), str(text), calendar, tuple(attachments), current_request_id())
        session.info.setdefault(_QUEUE, []).append(mail)


class LaterMail(NamedTuple):
    """Mails composed once the change commits, by `compose(session, *args)` queueing them with send_after_commit:
    by the worker when there is a mail queue, else right after the commit in a session of its own. The change's
    own transaction then pays only for queueing one job (a hold in a booth rush), not for finding the recipients
    and wording the mails. `compose` is a module's function, and `args` plain values, so that RQ can pickle them."""

    compose: Callable[..., None]
    args: tuple


def compose_after_commit(session: Session, compose: Callable[..., None], *args: Any) -> None:
    """Have `compose(session, *args)` queue mails once, and only if, the caller's transaction commits."""
    session.info.setdefault(_QUEUE, []).append(LaterMail(compose, args))


def compose_queued(later: LaterMail) -> int:
    """The worker's side of a LaterMail: its mails go out as one job each when its session commits."""
    return jobs.in_app_context(_compose_in_worker, later)


def _compose_in_worker(later: LaterMail) -> int:
    from eventsys.extensions import db

    try:
        later.compose(db.session, *later.args)
        mails = db.session.info.get(_QUEUE, [])
        # A notice in one language is one mail: sent by this job (a retry words it again), not by a job of its own.
        alone = mails.pop() if len(mails) == 1 and isinstance(mails[0], QueuedMail) else None
        db.session.commit()
    finally:
        db.session.remove()
    if alone is not None:
        send_queued([alone])
    return 1


def _compose_now(later: LaterMail, bind) -> None:
    """Right after the commit, in a session of its own (the committed one may not run SQL in its hook)."""
    with Session(bind=bind) as session:
        later.compose(session, *later.args)
        session.commit()


def send_in_each_language(
    session: Session, recipients_by_language: dict[str | None, list[str]], compose: Callable[[], tuple[str, str]]
) -> None:
    """Queue one mail per language of its readers: `compose` words the (subject, text) in the language in force."""
    for language, recipients in recipients_by_language.items():
        with in_language_of(None, fallback=language):
            subject, text = compose()
            send_after_commit(session, recipients, str(subject), str(text))


def in_language_of(user: User | None, fallback: str | None = None):
    """Word a mail in its recipient's language: theirs, else `fallback`, else the site's default."""
    if not has_app_context():  # a service called from a script or test without an app: no catalog to choose
        return nullcontext()
    config = current_app.config
    return force_locale((user.locale if user is not None else None) or fallback or config["BABEL_DEFAULT_LOCALE"])


def send_queued(mails: list[QueuedMail]) -> int:
    """Compose and deliver mails queued by send_after_commit; also what a background job runs."""
    return jobs.in_app_context(_send_queued, mails)


def _send_queued(mails: list[QueuedMail]) -> int:
    config = current_app.config
    for queued in mails:
        # A job queued before mails carried calendars holds a plain (recipients, subject, text).
        recipients, subject, text, calendar, attachments, request_id = QueuedMail(*queued)
        message = compose(config["MAIL_SENDER"], recipients, subject, text, calendar=calendar, attachments=attachments)
        if request_id:
            message[REQUEST_ID_HEADER] = request_id
        deliver(message, config)
    return len(mails)


def _send_now(mails: list[QueuedMail | LaterMail], bind) -> None:
    """Without a queue: each mail now; one that fails is logged, as the change it tells of has committed."""
    for queued in mails:
        later = isinstance(queued, LaterMail)
        try:
            _compose_now(queued, bind) if later else send_queued([queued])
        except Exception:  # noqa: BLE001 - the change stands; the operator sees the log
            about = f"of {queued.compose.__name__}" if later else f"{queued.subject!r} to {queued.recipients}"
            current_app.logger.exception("could not send the mail %s", about)


@event.listens_for(Session, "after_commit")
def _deliver_queued(session: Session) -> None:
    """Hand the committed transaction's mails to the job queue, so no request waits for SMTP; without a queue
    (or when Redis cannot take them) send them now."""
    if session.in_nested_transaction():
        return  # a savepoint was released; the mails wait for the real commit
    queued = session.info.pop(_QUEUE, [])
    if not queued:
        return
    config = current_app.config
    if jobs.is_enabled(config):
        from redis.exceptions import RedisError
        from rq import Queue

        # One job per mail, so that a retry resends only the mail that failed; all queued in one round trip.
        batch = [Queue.prepare_data(*_job_of(mail), result_ttl=0, retry=_retry(), meta=job_meta()) for mail in queued]
        try:
            jobs.get_queue(config, QUEUE_NAME).enqueue_many(batch)
            return
        except RedisError:
            current_app.logger.warning("the mail queue is unreachable; sending %d mail(s) now", len(queued))
    _send_now(queued, session.get_bind())


def _job_of(mail: QueuedMail | LaterMail) -> tuple[Callable[..., int], tuple]:
    """The function and arguments of a mail's job: sending it, or wording it first."""
    return (compose_queued, (mail,)) if isinstance(mail, LaterMail) else (send_queued, ([mail],))


#: Seconds before the first, second and third new try of a mail that could not be sent.
RETRY_SECONDS = [10, 60, 300]


def _retry():
    """An SMTP server that is down for a while gets the mail later, not never (the worker's scheduler requeues it)."""
    from rq import Retry

    return Retry(max=len(RETRY_SECONDS), interval=RETRY_SECONDS)


@event.listens_for(Session, "after_transaction_create")
def _mark_savepoint(session: Session, transaction) -> None:
    if transaction.nested:
        session.info.setdefault(_MARKS, {})[transaction] = len(session.info.get(_QUEUE, ()))


@event.listens_for(Session, "after_soft_rollback")
def _drop_savepoint_mails(session: Session, previous_transaction) -> None:
    """A rolled-back savepoint drops the mails queued inside it; those queued before it wait for the commit."""
    mark = session.info.get(_MARKS, {}).pop(previous_transaction, None)
    if previous_transaction.nested and mark is not None and _QUEUE in session.info:
        del session.info[_QUEUE][mark:]


@event.listens_for(Session, "after_transaction_end")
def _drop_uncommitted(session: Session, transaction) -> None:
    """A transaction that ends without a commit (rolled back, or its session closed) mails nobody."""
    if transaction.parent is None:
        session.info.pop(_QUEUE, None)
        session.info.pop(_MARKS, None)
