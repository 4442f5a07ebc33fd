import email
import re

import pytest
import webtest

PUBLIC_HOST = "training.example.org"


@pytest.fixture
def settings(settings, tmp_path):
    """The shared settings, with mail written as .eml files into this test's own folder."""
    settings = dict(settings, **{"onair.mail": "file", "onair.mail_dir": str(tmp_path / "mail"),
                                 "onair.public_url": "http://training.example.org"})
    return settings


@pytest.fixture
def testapp(app):
    """A browser on the public host: with a public URL set, every link and form names it."""
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": PUBLIC_HOST})


@pytest.fixture
def mailbox(settings):
    """``mailbox() -> [email.message.Message]``: the messages sent so far, oldest first."""
    from pathlib import Path

    def messages():
        folder = Path(settings["onair.mail_dir"])
        return [email.message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))] \
            if folder.exists() else []

    return messages


def link_in(message) -> str:
    body = message.get_payload(decode=True).decode() if not message.is_multipart() else \
        message.get_payload(0).get_payload(decode=True).decode()
    return re.search(r"https?://\S+", body).group(0)
