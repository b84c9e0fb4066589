"""The portal's form fields and what they say when they refuse something: plain words that say
what is allowed, never Django's stock wording ("Select a valid choice", "Enter a valid date",
"Ensure this value has at most ..."). Every portal field takes its ``error_messages`` from
``plain_errors``; tests/portal/test_plain_errors.py posts tampered values to each one."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from planner.models.records import GIRTH_RANGE_CM
from portal import measure_guide

FILL_IN = _("Please fill this in.")
YES_OR_NO = _("Choose yes or no.")
NOT_0_TO_10 = _("Choose a number from 0 to 10.")
# What the date box takes besides the calendar's own (ISO) value: Django's English formats,
# of which this one cannot be read two ways.
DATE_LIKE = _("Type a date like 28 November 2026.")
# A NUL byte: nobody types one, and it cannot be stored.
ODD_CHARACTER = _("Something you typed cannot be saved. Please type it again.")
TOO_LONG = _("This is too long. Use %(limit_value)d letters or fewer. You used %(show_value)d.")
# The words the pain buttons carry besides their numbers.
PAIN_WORDS = {
    0: _("No pain"),
    # Translators: the middle of the 0 to 10 pain scale (5), moderate pain.
    5: _("Moderate"),
    10: _("Worst pain"),
}


def plain_errors(required: str = FILL_IN, *, refused: str = "", **more: str) -> dict[str, str]:
    """``error_messages`` for a portal field: ``required`` when it is left empty, ``refused``
    (else ``required``) when what came is not something it takes (a choice not offered, not a
    date, not a time, not a number), plain words for text too long or holding a NUL byte, and
    ``more`` by error code. A field's validators' messages are replaced by code as well."""
    return {
        "required": required,
        "invalid": refused or required,
        "invalid_choice": refused or required,
        "max_length": TOO_LONG,
        "null_characters_not_allowed": ODD_CHARACTER,
        **more,
    }


def yes_no_field(label: str, yes: str, no: str, **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[(True, yes), (False, no)],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        error_messages=plain_errors(YES_OR_NO),
        **kwargs,
    )


def count_field(label: str) -> forms.TypedChoiceField:
    """An optional whole number from 0 to 10, chosen from a list (no typing on a phone)."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "—"), *[(n, str(n)) for n in range(11)]],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages=plain_errors(NOT_0_TO_10),
    )


def pain_field() -> forms.TypedChoiceField:
    """Pain from 0 to 10 as a row of large buttons (radio buttons: one tap, arrow keys)."""
    return forms.TypedChoiceField(
        label=_("Pain during the exercise"),
        help_text=_("0 is no pain, 10 is the worst pain you can imagine."),
        choices=[
            (n, format_lazy("{} {}", n, PAIN_WORDS[n]) if n in PAIN_WORDS else str(n))
            for n in range(11)
        ],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages=plain_errors(NOT_0_TO_10),
    )


def date_field(label: str, required: str, attrs: dict | None = None) -> forms.DateField:
    return forms.DateField(
        label=label,
        error_messages=plain_errors(required, refused=DATE_LIKE),
        # A date input's value is always ISO, whatever the page's language: Spanish's own date
        # format (29/11/2026) would leave the browser's field empty.
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", **(attrs or {})}),
    )


def note_field(max_length: int, rows: int) -> forms.CharField:
    return forms.CharField(
        label=_("Anything to tell your therapist? (optional)"),
        required=False,
        max_length=max_length,
        error_messages=plain_errors(),
        widget=forms.Textarea(attrs={"rows": rows}),
    )


# The girth range's message in the language of the page that shows it.
_out_of_range = lazy(measure_guide.out_of_range, str)


def girth_field(label: str) -> forms.DecimalField:
    field = forms.DecimalField(
        label=label,
        decimal_places=1,  # no digit limit: the range below says what is too big, once
        error_messages=plain_errors(
            _(measure_guide.NOT_A_NUMBER),
            max_decimal_places=_(measure_guide.ONE_DECIMAL),
            max_digits=_out_of_range(),
            max_whole_digits=_out_of_range(),
        ),
        widget=forms.NumberInput(
            attrs={"inputmode": "decimal", "step": "0.1", "class": "form-control-lg"}
        ),
    )
    field.validators += [
        MinValueValidator(GIRTH_RANGE_CM[0], message=_out_of_range()),
        MaxValueValidator(GIRTH_RANGE_CM[1], message=_out_of_range()),
    ]
    return field
