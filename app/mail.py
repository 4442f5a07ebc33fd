"""Outgoing mail with pyramid_mailer.

``onair.mail = file`` (development, tests): every message is written as one ``.eml`` file in
``onair.mail_dir`` (default var/mail), for a developer to open or a test to read.
``onair.mail = smtp`` (production): pyramid_mailer's SMTP mailer from the ``mail.*`` settings
(host, port, tls for STARTTLS, ssl, username; password from ONAIR_SMTP_PASSWORD). A message
that cannot be sent is kept in ``onair.outbox_dir`` and logged; ``send_outbox`` retries it, so
the action that sent it (a sign-up) is never lost.
"""
from __future__ import annotations

import logging
import os
import time
import uuid
from pathlib import Path

from pyramid.settings import asbool
from pyramid_mailer.mailer import Mailer
from pyramid_mailer.message import Message

from app.urls import LOCAL_URL, public_url

log = logging.getLogger(__name__)


class Mail:
    def __init__(self, settings: dict):
        self.mode = settings.get("onair.mail", "file")
        self.sender = settings.get("onair.mail_sender", "onair <noreply@localhost>")
        self.mail_dir = Path(settings.get("onair.mail_dir", "var/mail"))
        self.outbox = Path(settings.get("onair.outbox_dir", "var/outbox"))
        self.public_url = public_url(settings) or LOCAL_URL
        self.mailer = None
        if self.mode == "smtp":
            self.mailer = Mailer(
                host=settings.get("mail.host", "localhost"), port=int(settings.get("mail.port", 25)),
                username=settings.get("mail.username") or None,
                password=os.environ.get("ONAIR_SMTP_PASSWORD") or settings.get("mail.password") or None,
                tls=asbool(settings.get("mail.tls", False)), ssl=asbool(settings.get("mail.ssl", False)))

    def url(self, path: str) -> str:
        """An absolute link for a message: from the configured public URL, never the request's Host."""
        return self.public_url + "/" + path.lstrip("/")

    def send(self, to: str, subject: str, body: str) -> None:
        message = Message(subject=subject, sender=self.sender, recipients=[to], body=body)
        if self.mode != "smtp":
            write_eml(self.mail_dir, message.to_message().as_bytes())
            return
        try:
            self.mailer.send_immediately(message, fail_silently=False)
        except Exception as exc:  # any SMTP or network failure: keep the message, retry later
            path = write_eml(self.outbox, message.to_message().as_bytes())
            log.warning("mail to %s not sent (%s); kept in %s for retry", to, exc, path)

    def send_outbox(self) -> tuple[int, int]:
        """Retry every kept message; (sent, still waiting)."""
        from email import message_from_bytes

        sent = waiting = 0
        for path in sorted(self.outbox.glob("*.eml")) if self.outbox.exists() else []:
            raw = message_from_bytes(path.read_bytes())
            try:
                self.mailer.smtp_mailer.send(raw["From"], [raw["To"]], raw)
            except Exception as exc:
                waiting += 1
                log.warning("mail %s still not sent: %s", path.name, exc)
            else:
                path.unlink()
                sent += 1
        return sent, waiting


def write_eml(folder: Path, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    # Names sort in sending order (nanoseconds), so the newest message is the last file.
    path = folder / f"{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns()}-{uuid.uuid4().hex[:6]}.eml"
    path.write_bytes(data)
    return path


def includeme(config):
    config.registry.mail = Mail(config.registry.settings)
