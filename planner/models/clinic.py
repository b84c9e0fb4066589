"""The clinic itself: whom a patient calls, printed on every handout and shown in the portal."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.text import NormalizedNames

_PHONE_CHARACTERS = re.compile(r"[0-9 +().\-]+")
PHONE_CHARACTERS_MESSAGE = (
    "Use only digits, spaces and the signs + ( ) - . in a phone number, for example "
    "+1 (555) 010-0100."
)


def _digits(value: str) -> str:
    return re.sub(r"[^0-9]", "", value)


def _check_phone(value: str, *, min_digits: int, what: str) -> None:
    if not _PHONE_CHARACTERS.fullmatch(value):
        raise ValidationError(PHONE_CHARACTERS_MESSAGE, code="phone_characters")
    if len(_digits(value)) < min_digits:
        raise ValidationError(f"{what} needs at least {min_digits} digits.", code="phone_too_short")


def validate_phone(value: str) -> None:
    _check_phone(value, min_digits=3, what="A phone number")


def validate_emergency_number(value: str) -> None:
    # Some countries' emergency numbers have two digits (15, 17 and 18 in France).
    _check_phone(value, min_digits=2, what="An emergency number")


SINGLE_ROW = 1


class ClinicProfileManager(models.Manager):
    def current(self) -> "ClinicProfile":
        """The clinic's profile; before anyone saved one, ``unsaved()``."""
        return self.filter(pk=SINGLE_ROW).first() or self.unsaved()

    def unsaved(self) -> "ClinicProfile":
        """The profile before anyone saved one: unsaved, with the name from settings and no
        phone (a read never writes)."""
        return self.model(name=settings.CLINIC_NAME)


class ClinicProfile(NormalizedNames):
    """The one clinic this server serves (one row: ``pk`` is always 1). A migration creates it
    from ``settings.CLINIC_NAME``; a clinic admin fills in the rest in the admin."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLE_ROW, editable=False)
    name = models.CharField(max_length=120)
    phone = models.CharField(
        max_length=40,
        blank=True,
        validators=[validate_phone],
        help_text="The number patients call with questions, e.g. +1 (555) 010-0100.",
    )
    hours = models.CharField(
        max_length=200,
        blank=True,
        help_text="When someone answers that phone, e.g. “Mon-Fri 8 am-5 pm”.",
    )
    emergency_number = models.CharField(
        max_length=20,
        default="911",
        validators=[validate_emergency_number],
        help_text="Printed as “In an emergency call …”.",
    )
    address = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClinicProfileManager()
    normalized_fields = ("name", "hours", "address")

    class Meta:
        verbose_name = "clinic profile"
        constraints = [
            models.CheckConstraint(
                name="clinic_profile_single_row",
                condition=Q(id=SINGLE_ROW),
                violation_error_message="There is one clinic profile; change that one.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def tel_uri(self) -> str:
        """The phone as a ``tel:`` link ("" without a phone): digits and a leading +."""
        digits = _digits(self.phone)
        if not digits:
            return ""
        plus = "+" if self.phone.lstrip().startswith("+") else ""
        return f"tel:{plus}{digits}"

    @property
    def emergency_tel_uri(self) -> str:
        digits = _digits(self.emergency_number)
        return f"tel:{digits}" if digits else ""
