"""The portal's forms: activating an account, logging a session, the next-day check."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model, password_validation

from planner.models import SessionLog
from planner.services.patients import USERNAME_TAKEN


def _count_field(label: str) -> forms.TypedChoiceField:
    """An optional whole number from 0 to 10, chosen from a list (no typing on a phone)."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "—"), *[(n, str(n)) for n in range(11)]],
        coerce=int,
        empty_value=None,
        required=False,
    )


def _day(value) -> str:
    return f"{value.day} {value:%B %Y}"


class ActivateForm(forms.Form):
    code = forms.CharField(
        label="Sign-in code from your handout",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text="It looks like K7PM-3XWD.",
    )
    username = forms.CharField(
        label="Choose a username",
        max_length=150,
        validators=[get_user_model().username_validator],
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
        help_text="Letters, digits and @ . + - _ only.",
    )
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. A short sentence is easy to remember.",
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template holds the form element
        self.helper.add_input(Submit("submit", "Create my account", css_class="btn-lg w-100"))

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(USERNAME_TAKEN)
        return username

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords are not the same.")
        elif first:
            user = get_user_model()(username=cleaned.get("username", ""))
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SessionLogForm(forms.ModelForm):
    performed_on = forms.DateField(label="Day", widget=forms.DateInput(attrs={"type": "date"}))
    done = forms.TypedChoiceField(
        label="Did you do this exercise?",
        choices=[(True, "Yes, I did it"), (False, "No, not this time")],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        initial=True,
    )
    sets_done = _count_field("How many sets did you finish?")
    pain = _count_field("Pain during the exercise (0 = none, 10 = worst you can imagine)")
    effort = _count_field("How hard was it? (0 = nothing at all, 10 = as hard as you can)")
    note = forms.CharField(
        label="Anything to tell your therapist? (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = SessionLog
        fields = ["performed_on", "done", "sets_done", "pain", "effort", "note"]

    def __init__(self, *args, assignment, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment, self.today = assignment, today
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save", css_class="btn-lg"))

    def clean_performed_on(self):
        day = self.cleaned_data["performed_on"]
        if day > self.today:
            raise forms.ValidationError(
                "That day has not happened yet. Choose today or an earlier day."
            )
        if day < self.assignment.starts_on:
            raise forms.ValidationError(
                f"This plan started on {_day(self.assignment.starts_on)}. "
                "Choose that day or a later one."
            )
        if self.assignment.ends_on and day > self.assignment.ends_on:
            raise forms.ValidationError(
                f"This plan ended on {_day(self.assignment.ends_on)}. Choose an earlier day."
            )
        return day


class HeavinessForm(forms.Form):
    heavier = forms.TypedChoiceField(
        choices=[(True, "Yes, heavier or weaker"), (False, "No, it feels as usual")],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        label=(
            "Does the arm or leg you exercised yesterday feel heavier or weaker than usual today?"
        ),
    )
