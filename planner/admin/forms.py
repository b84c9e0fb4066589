"""The admin's own forms: programs and their rows, assigning, and the clinic profile."""

import datetime

from adminsortable2.admin import CustomInlineFormSetMixin
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from core.revisions import RevisionedForm
from core.text import NormalizedTextForm
from exercises.dosage import DOSAGE_FIELDS, usual_dosage
from exercises.forms import LibraryFilterForm
from planner.models import Assignment, ClinicProfile, Patient, Program, ProgramExercise
from planner.models.programs import MAX_PROGRAM_ROWS, TOO_MANY_ROWS, plan_date_errors

# Sized in admin-tools.css: the Content-Security-Policy blocks style attributes in our markup.
_NUMBER = forms.NumberInput(attrs={"class": "dosage-number"})


class ProgramExerciseInlineForm(NormalizedTextForm, forms.ModelForm):
    """One program row, sized so the whole dosage fits on one line of the inline table."""

    class Meta:
        model = ProgramExercise
        fields = "__all__"  # noqa: DJ007 - the inline's ``fields`` picks and orders them
        widgets = {
            **dict.fromkeys(["position", *DOSAGE_FIELDS, "target_effort"], _NUMBER),
            "resistance_note": forms.TextInput(attrs={"size": 14}),
            "notes": forms.Textarea(attrs={"rows": 2, "cols": 24}),
        }

    def has_changed(self):
        # The builder's script numbers every row on the page, the empty one too: a new row whose
        # number is all that changed is still an empty row, and is left out.
        if self.instance.pk is None:
            return any(name != "position" for name in self.changed_data)
        return super().has_changed()

    def clean_position(self):
        # A saved row posted without a number keeps its place (the number is a hidden field).
        position = self.cleaned_data.get("position")
        return self.instance.position if position is None and self.instance.pk else position

    def clean(self):
        cleaned = super().clean()
        exercise = cleaned.get("exercise")
        # A new row whose dosage was left as the empty row shows it takes the exercise's usual
        # dosage (what the builder's script fills in as soon as the exercise is chosen).
        if (
            self.instance.pk is None
            and exercise is not None
            and not any(name in self.changed_data for name in DOSAGE_FIELDS)
        ):
            cleaned.update(usual_dosage(exercise))
        return cleaned


class ProgramRowsFormSet(CustomInlineFormSetMixin, BaseInlineFormSet):
    """A program's rows, refused above ``MAX_PROGRAM_ROWS`` with a message saying so.

    Ordered by django-admin-sortable2 (``CustomInlineFormSetMixin`` makes ``position`` a hidden
    field that its script and ours number 1..n in page order); a new row posted without a
    number goes last."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The delete box is added here, after the row's own fields were named (ProgramRowForm).
        if "DELETE" in form.fields:
            row = str(form.instance.exercise) if form.instance.exercise_id else "the new row"
            form.fields["DELETE"].widget.attrs["aria-label"] = f"Delete {row}"

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if (form.instance.pk or form.has_changed()) and not self._should_delete_form(form)
        ]
        if len(kept) > MAX_PROGRAM_ROWS:
            raise ValidationError(TOO_MANY_ROWS, params={"count": len(kept)}, code="too_many_rows")
        # Numbered here rather than one by one as they are saved (sortable2's ``save_new``), so
        # a number never collides with one posted for another new row.
        last = max((form.instance.position or 0 for form in kept), default=0)
        for form in kept:
            if form.instance.position is None:
                last += 1
                form.instance.position = last


class ExercisePickerForm(LibraryFilterForm):
    """The program builder's library picker: the library's own filters (search, atrophy type,
    kind, region, equipment). Its boxes sit inside the program's form on the page but belong to
    the picker's (``form`` attribute), so Enter searches and the program never posts them."""

    assistance = None
    prefix = "picker"

    def __init__(self, *args, form_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        if form_id:
            for field in self.fields.values():
                field.widget.attrs["form"] = form_id


class ProgramAdminForm(NormalizedTextForm, RevisionedForm):
    """Program form; it carries the edit-conflict check (core.revisions.RevisionedForm), which
    also covers the rows saved with it."""

    class Meta:
        model = Program
        fields = ["title", "description", "is_template", "is_shared", "patient", "atrophy_types"]
        widgets = {"atrophy_types": forms.CheckboxSelectMultiple}


class AssignForm(NormalizedTextForm, forms.Form):
    """Step one of assigning: which program, to whom, from when."""

    program = forms.ModelChoiceField(queryset=Program.objects.none())
    patient = forms.ModelChoiceField(queryset=Patient.objects.none())
    starts_on = forms.DateField(
        label="Starts on",
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    ends_on = forms.DateField(
        label="Ends on (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for an open-ended plan.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        programs = Program.objects.for_therapist(user).filter(archived_at__isnull=True)
        # Templates, and a patient's own programs not yet handed over (drafts and revisions).
        self.fields["program"].queryset = (
            programs.filter(assignments__isnull=True)
            .select_related("patient")
            .order_by("-is_template", "title")
        )
        self.fields["patient"].queryset = Patient.objects.for_therapist(user).active()

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        for field, message in plan_date_errors(starts_on, ends_on).items():
            self.add_error(field, message)
        if starts_on and abs(starts_on - timezone.localdate()) > datetime.timedelta(days=366):
            self.add_error("starts_on", "Choose a start date within a year of today.")
        program, patient = cleaned.get("program"), cleaned.get("patient")
        if program and patient and program.patient_id not in (None, patient.pk):
            self.add_error("program", "This program belongs to another patient.")
        return cleaned


class ConfirmAssignForm(AssignForm):
    """Step two: the therapist has read the screening and confirms, overriding if needed."""

    override_reason = forms.CharField(
        label="Reason for overriding the hard stops",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For the record and the audit trail; the patient does not see it.",
    )
    override_instruction = forms.CharField(
        label="Instruction for the patient (printed on the handout instead of the stop)",
        required=False,
        max_length=Assignment._meta.get_field("override_instruction").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "What the patient should know to do these exercises safely, in plain words. For "
            "example: “Your wound is covered with a waterproof dressing; you may use the pool.”"
        ),
    )
    confirm_precautions = forms.BooleanField(
        label="I have read the precautions and they will be printed on the patient's handout.",
        required=False,
    )


class ClinicProfileForm(forms.ModelForm):
    """The clinic's details; a phone number is what the profile is for, so it is required here
    (the row a migration makes has none until a clinic admin fills it in)."""

    class Meta:
        model = ClinicProfile
        fields = ["name", "phone", "hours", "emergency_number", "address"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "phone" in self.fields:  # not on the read-only page a therapist sees
            self.fields["phone"].required = True
