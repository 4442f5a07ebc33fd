"""The optional second factor: TOTP codes (passlib.totp) and one-time recovery codes.

TOTP secrets are stored as passlib's JSON with the key encrypted (AES, via the
``cryptography`` package) under a key derived from the auth secret: a copy of the
database alone does not give anyone the codes. Changing the auth secret makes the
stored secrets unreadable, so everyone with a second factor would enrol again.

Recovery codes are 80 random bits each (16 base32 characters), shown once and
stored as SHA-256 digests: with that much randomness a slow hash adds nothing, and
checking ten of them at login stays instant.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import io
import secrets

import qrcode
import qrcode.image.svg
from passlib.exc import MalformedTokenError, TokenError, UsedTokenError
from passlib.totp import TOTP

RECOVERY_CODE_COUNT = 10
_BASE32 = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: nothing to misread


class CodeRefused(ValueError):
    """The code did not open the account; the message says why in plain words."""


@functools.lru_cache(maxsize=8)
def totp_factory(auth_secret: str, issuer: str):
    key = hmac.new(auth_secret.encode(), b"onair totp secrets", hashlib.sha256).hexdigest()
    return TOTP.using(issuer=issuer, secrets={"1": key})


def new_secret(factory) -> str:
    """A fresh TOTP secret, as the encrypted JSON the account will store."""
    return factory.new().to_json()


def provisioning(factory, stored: str, label: str) -> tuple[str, str]:
    """(otpauth:// URI for authenticator apps, the key grouped for typing by hand)."""
    totp = factory.from_json(stored)
    return totp.to_uri(label=label), totp.pretty_key()


def qr_svg(uri: str) -> bytes:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


def check_totp(factory, stored: str, code: str, last_counter: int | None) -> int:
    """The time step the code belongs to, or CodeRefused. A step at or before ``last_counter`` is a replay."""
    code = "".join(str(code or "").split())
    try:
        return factory.verify(code, stored, last_counter=last_counter).counter
    except UsedTokenError:
        raise CodeRefused("That code was already used. Wait for your app to show the next one "
                          "(a new code comes every 30 seconds) and enter that.") from None
    except MalformedTokenError:
        raise CodeRefused("A code from the authenticator app is 6 digits.") from None
    except TokenError:
        raise CodeRefused("That code is not the right one. Check the clock on your phone "
                          "and enter the code your app shows now.") from None


def looks_like_recovery_code(code: str) -> bool:
    return len(normalize_recovery_code(code)) == 16


def normalize_recovery_code(code: str) -> str:
    return "".join(ch for ch in str(code or "").upper() if ch.isalnum())


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_BASE32) for _ in range(16))
        codes.append("-".join(raw[i:i + 4] for i in range(0, 16, 4)))
    return codes


def hash_recovery_code(code: str) -> str:
    return hashlib.sha256(normalize_recovery_code(code).encode()).hexdigest()
