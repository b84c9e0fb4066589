"""The portal's forms: activating an account (or choosing a new password with a code), changing
a password, logging a session, the next-day check, a girth measured at home."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.dates import patient_date
from core.text import NormalizedTextForm
from planner.models import SessionLog
from portal import measure_guide
from portal.form_fields import (
    count_field,
    date_field,
    girth_field,
    note_field,
    pain_field,
    plain_errors,
    yes_no_field,
)


class ActivateForm(forms.Form):
    code = forms.CharField(
        label=_("Sign-in code from your handout"),
        max_length=20,
        error_messages=plain_errors(
            _("Type the sign-in code from your handout."),
            max_length=_("That code is too long. It looks like K7PM-3XWD."),
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text=_("It looks like K7PM-3XWD."),
    )
    username = forms.CharField(
        label=_("Choose a username"),
        max_length=150,
        required=False,  # a patient choosing a new password keeps the username they have
        validators=[get_user_model().username_validator],
        error_messages=plain_errors(
            refused=_("Use only letters, digits and @ . + - _ in your username."),
            max_length=_("Use %(limit_value)d letters or fewer for your username."),
        ),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
        help_text=_(
            "Letters, digits and @ . + - _ only. Already have an account and forgot your "
            "password? Leave this empty: your username stays the same."
        ),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        error_messages=plain_errors(_("Choose a password.")),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("12 to 128 characters. A short sentence is easy to remember."),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        error_messages=plain_errors(_("Type the password again.")),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template holds the form element
        self.helper.add_input(Submit("submit", gettext("Continue"), css_class="btn-lg w-100"))

    def counts_toward_throttle(self) -> bool:
        """Whether this refused form counts as a try. Only a password the person chose and the
        rules refused does not: the code and username are never looked at then, so nothing is
        learned, and a patient finding a password the rules accept is not an attacker. Anything
        else (no code, a username alone, a malformed username) counts."""
        return bool(set(self.errors) - {"password1", "password2"})

    def refuse_code(self, message: str) -> None:
        """The code was wrong or has expired, after the form itself was valid: say so at the
        code, and give back the username and both passwords (they passed the rules) so that
        only the code is typed again. The page then holds a password: the view must send it
        with ``Cache-Control: no-store``."""
        self.data = self.data.copy()
        self.data["code"] = ""
        for name in ("password1", "password2"):
            self.fields[name].widget.render_value = True
        self.add_error("code", message)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", gettext("The two passwords are not the same."))
        elif first:
            user = get_user_model()(username=cleaned.get("username", ""))
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class PortalPasswordChangeForm(PasswordChangeForm):
    """Django's form (current password, then the new one twice, checked by the password rules),
    in plain words and laid out by crispy forms like the other portal pages."""

    error_messages = {
        "password_mismatch": _("The two new passwords are not the same."),
        "password_incorrect": _("That is not the password you use now. Please type it again."),
    }
    required = {
        "old_password": _("Type the password you use now."),
        "new_password1": _("Choose a new password."),
        "new_password2": _("Type the new password again."),
    }

    # Labels and help as on the activation page, instead of Django's ("Old password", "New
    # password confirmation", the validators' list).
    labels = {
        "old_password": (_("The password you use now"), ""),
        "new_password1": (
            _("Choose a new password"),
            _(
                "12 to 128 characters: not only digits, not a common password, not like your "
                "name. A short sentence is easy to remember."
            ),
        ),
        "new_password2": (_("Type the new password again"), ""),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.required.items():
            # The fields are this form's own copies: Django's form (the admin's) is untouched.
            self.fields[name].error_messages.update(plain_errors(message))
            self.fields[name].label, self.fields[name].help_text = self.labels[name]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", gettext("Change my password"), css_class="btn-lg"))


class SessionLogForm(NormalizedTextForm, forms.ModelForm):
    performed_on = date_field(_("Day"), _("Choose the day you did it."))
    done = yes_no_field(
        _("Did you do this exercise?"), _("Yes, I did it"), _("No, not this time"), initial=True
    )
    sets_done = count_field(_("How many sets did you finish?"))
    pain = pain_field()
    effort = count_field(_("How hard was it? (0 = nothing at all, 10 = as hard as you can)"))
    note = note_field(max_length=1000, rows=3)

    class Meta:
        model = SessionLog
        fields = ["performed_on", "done", "sets_done", "pain", "effort", "note"]

    def __init__(self, *args, assignment, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment, self.today = assignment, today
        self.helper = FormHelper()
        self.helper.form_class = "portal-form"
        self.helper.layout = Layout(
            "performed_on",
            "done",
            "sets_done",
            Field("pain", template="portal/pain_field.html"),
            "effort",
            "note",
        )
        self.helper.add_input(Submit("submit", gettext("Save"), css_class="btn-lg"))

    def clean_performed_on(self):
        day = self.cleaned_data["performed_on"]
        if day > self.today:
            raise forms.ValidationError(
                gettext("That day has not happened yet. Choose today or an earlier day.")
            )
        if day < self.assignment.starts_on:
            raise forms.ValidationError(
                gettext("This plan started on %(day)s. Choose that day or a later one.")
                % {"day": patient_date(self.assignment.starts_on)}
            )
        registered = self.assignment.patient.registered_on
        if day < registered:  # a plan dated from before the patient was registered here
            raise forms.ValidationError(
                gettext(
                    "Your records here start on %(day)s, the day the clinic registered you. "
                    "Choose that day or a later one."
                )
                % {"day": patient_date(registered)}
            )
        if self.assignment.ends_on and day > self.assignment.ends_on:
            raise forms.ValidationError(
                gettext("This plan ended on %(day)s. Choose an earlier day.")
                % {"day": patient_date(self.assignment.ends_on)}
            )
        return day


class HeavinessForm(forms.Form):
    heavier = yes_no_field(
        _("Does the arm or leg you exercised yesterday feel heavier or weaker than usual today?"),
        _("Yes, heavier or weaker"),
        _("No, it feels as usual"),
    )


class HomeGirthForm(NormalizedTextForm, forms.Form):
    """A girth the patient measured at home: the day, the site, both sides in cm to 0.1."""

    measured_on = date_field(
        _("Day you measured"), _("Choose the day you measured."), attrs={"class": "form-control-lg"}
    )
    site = forms.ChoiceField(
        label=_("What did you measure?"),
        choices=[
            ("", _("Choose one")),
            *((site, _(name)) for site, name in measure_guide.SITE_NAMES.items()),
        ],
        widget=forms.Select(attrs={"class": "form-select-lg"}),
        error_messages=plain_errors(_("Choose what you measured.")),
    )
    left_cm = girth_field(_("Left side (cm)"))
    right_cm = girth_field(_("Right side (cm)"))
    note = note_field(max_length=200, rows=2)

    def __init__(self, *args, patient, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient, self.today = patient, today
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", gettext("Save my measurements"), css_class="btn-lg"))

    def clean_measured_on(self):
        day = self.cleaned_data["measured_on"]
        if day > self.today:
            raise forms.ValidationError(
                gettext("That day has not happened yet. Choose today or an earlier day.")
            )
        registered = self.patient.registered_on
        if day < registered:
            raise forms.ValidationError(
                gettext(
                    "Your records here start on %(day)s, the day the clinic registered you. "
                    "Choose that day or a later one."
                )
                % {"day": patient_date(registered)}
            )
        return day


class ReminderForm(forms.Form):
    """A daily email reminder: on or off, where to, and at what time."""

    is_on = yes_no_field(
        _("Do you want an email each day to remind you?"),
        _("Yes, email me each day"),
        _("No, do not email me"),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        required=False,
        max_length=254,
        error_messages=plain_errors(
            refused=_("That is not an email address. It looks like name@example.com."),
            max_length=_("That email address is too long. Use one of 254 letters or fewer."),
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "class": "form-control-lg"}),
    )
    send_at = forms.TimeField(
        label=_("What time of day?"),
        required=False,
        input_formats=["%H:%M", "%H:%M:%S"],
        error_messages=plain_errors(
            refused=_("That is not a time. Choose a time from 00:00 to 23:59, like 09:30.")
        ),
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time", "class": "form-control-lg"}),
        help_text=_(
            "We send it then, or a little after. We do not send it on a day you have "
            "done all your exercises."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", gettext("Save"), css_class="btn-lg"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_on"):
            if not cleaned.get("email") and "email" not in self.errors:
                self.add_error("email", gettext("Type the email address we should send it to."))
            if not cleaned.get("send_at") and "send_at" not in self.errors:
                self.add_error("send_at", gettext("Choose the time of day you want it."))
        return cleaned
