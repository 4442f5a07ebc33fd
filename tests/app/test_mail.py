"""app/mail.py over a real SMTP server (aiosmtpd), and the outbox when the server is down."""
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler

from app.mail import Mail


class Collect(MessageHandler):
    def __init__(self):
        super().__init__()
        self.received = []

    def handle_message(self, message):
        self.received.append(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def smtp_settings(tmp_path, port):
    return {"onair.mail": "smtp", "mail.host": "127.0.0.1", "mail.port": str(port),
            "onair.outbox_dir": str(tmp_path / "outbox"), "onair.public_url": "https://example.org/"}


def test_a_message_goes_through_a_real_smtp_server(tmp_path, smtp_server):
    controller, handler = smtp_server
    mail = Mail(smtp_settings(tmp_path, controller.port))
    mail.send("student@example.com", "Hello", "Open " + mail.url("/account/verify?token=x"))
    [message] = handler.received
    assert message["To"] == "student@example.com" and message["Subject"] == "Hello"
    assert "https://example.org/account/verify?token=x" in message.get_payload(decode=True).decode()
    assert not list((tmp_path / "outbox").glob("*.eml"))


def test_an_unsendable_message_is_kept_and_retried(tmp_path, caplog, smtp_server):
    controller, handler = smtp_server
    down = Mail(smtp_settings(tmp_path, free_port()))  # nobody listens there
    down.send("later@example.com", "Kept", "body")
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1
    assert "not sent" in caplog.text
    assert down.send_outbox() == (0, 1)
    up = Mail(smtp_settings(tmp_path, controller.port))  # the server is back
    assert up.send_outbox() == (1, 0)
    assert [m["To"] for m in handler.received] == ["later@example.com"]
    assert not list((tmp_path / "outbox").glob("*.eml"))


def test_onair_send_mail_retries_the_outbox(tmp_path, smtp_server, capsys):
    from app import cli

    controller, handler = smtp_server
    outbox = tmp_path / "outbox"
    Mail(smtp_settings(tmp_path, free_port())).send("kept@example.com", "Kept", "body")
    ini = tmp_path / "mail.ini"
    ini.write_text("[app:main]\nuse = egg:onair\nonair.mail = smtp\nmail.host = 127.0.0.1\n"
                   f"mail.port = {controller.port}\nonair.outbox_dir = {outbox}\n")
    assert cli.main(["-c", str(ini), "send-mail"]) == 0
    assert "Sent 1 kept message(s); 0 still waiting." in capsys.readouterr().out
    assert [m["To"] for m in handler.received] == ["kept@example.com"]
