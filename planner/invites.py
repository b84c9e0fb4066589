"""Invite codes: how a patient gets their own sign-in.

A therapist creates an invite for a patient who has no account yet; the patient types its code at
/accounts/activate/ with a username and password of their choosing. A patient who has an account
and forgot the password gets a new code the same way and uses it there to choose a new password
(the username stays). Codes are single-use, expire after 30 days, and a new invite revokes the
patient's older unused ones.
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to read aloud
CODE_LENGTH = 8
LIFETIME = datetime.timedelta(days=30)
MAX_FAILURES = 5
FAILURE_WINDOW = datetime.timedelta(minutes=15)


def code_for(nonce: str) -> str:
    """The printable code of an invite, e.g. "K7PM-3XWD"."""
    mac = hmac.new(settings.SECRET_KEY.encode(), f"invite:{nonce}".encode(), hashlib.sha256)
    number = int.from_bytes(mac.digest(), "big")
    chars = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[index])
    return "".join(chars[:4]) + "-" + "".join(chars[4:])


def normalize(code: str) -> str:
    """What a person typed, in the printed form: upper case, spaces and dashes ignored."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned[:4] + "-" + cleaned[4:] if len(cleaned) == CODE_LENGTH else cleaned


def digest_of(code: str) -> str:
    return hashlib.sha256(f"invite:{normalize(code)}".encode()).hexdigest()


def new_nonce() -> str:
    return secrets.token_hex(16)


def expiry_from(now: datetime.datetime) -> datetime.datetime:
    return now + LIFETIME


def usable_code(patient):
    """(code, invite) of the patient's code that still works, else None. For a patient with an
    account it lets them choose a new password; it is shown to the therapist, never printed."""
    invite = patient.invites.usable().first()
    return (code_for(invite.nonce), invite) if invite else None


def current_code(patient):
    """(code, invite) to show or print while the patient has no account yet, else None."""
    if patient.user_id is not None:
        return None
    return usable_code(patient)
