"""The one mail service: .eml files in the outbox by default, SMTP when configured."""

from __future__ import annotations

import socket
from email import policy
from email.parser import BytesParser

from eventsys.services import mail


def test_outbox_keeps_every_mail_as_an_eml_file(tmp_path):
    message = mail.compose(
        "eventsys <no-reply@example.com>",
        ["山田 太郎 <taro@example.com>"],
        "ようこそ — welcome",
        "本文 and text",
        html="<p>本文</p>",
        attachments=[mail.Attachment("invite.ics", b"BEGIN:VCALENDAR", "text/calendar")],
    )
    path = mail.deliver(message, {"MAIL_OUTBOX": str(tmp_path)})
    parsed = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert parsed["Subject"] == "ようこそ — welcome"
    assert parsed.get_body(preferencelist=("plain",)).get_content().strip() == "本文 and text"
    assert [part.get_filename() for part in parsed.iter_attachments()] == ["invite.ics"]


def test_smtp_is_used_when_configured(tmp_path):
    """A real SMTP conversation with a local aiosmtpd server."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received = []

    class Collect(Message):
        def handle_message(self, message):
            received.append(message)

    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        message = mail.compose("a@example.com", "b@example.com", "こんにちは", "Hello 山田さん")
        config = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False, "MAIL_OUTBOX": str(tmp_path)}
        assert mail.deliver(message, config) is None
    finally:
        controller.stop()
    assert [m["To"] for m in received] == ["b@example.com"]
    assert list(tmp_path.iterdir()) == []
