"""The admin's own forms: program editing with its edit-conflict check, and assigning."""

import datetime

from django import forms
from django.utils import timezone

from core.revisions import check_revision
from exercises.dosage import DOSAGE_FIELDS
from planner.models import END_BEFORE_START, Patient, Program, ProgramExercise

_NUMBER = forms.NumberInput(attrs={"style": "width: 4.5em"})


class ProgramExerciseInlineForm(forms.ModelForm):
    """One program row, sized so the whole dosage fits on one line of the inline table."""

    class Meta:
        model = ProgramExercise
        fields = "__all__"  # noqa: DJ007 - the inline's ``fields`` picks and orders them
        widgets = {
            **dict.fromkeys(["position", *DOSAGE_FIELDS, "target_effort"], _NUMBER),
            "resistance_note": forms.TextInput(attrs={"size": 14}),
            "notes": forms.Textarea(attrs={"rows": 2, "cols": 24}),
        }


class ProgramAdminForm(forms.ModelForm):
    """Program form with an optimistic edit check.

    The form carries the revision it was opened at. Saving compares it with the row, locked for
    the rest of the admin's transaction (SELECT ... FOR UPDATE on PostgreSQL; on SQLite the
    transaction already holds the write lock from BEGIN IMMEDIATE), so of two therapists saving
    the same program at once, the second is told and nothing is overwritten.
    """

    expected_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Program
        fields = ["title", "description", "is_template", "is_shared", "patient", "atrophy_types"]
        widgets = {"atrophy_types": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_revision"].initial = self.instance.revision

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # Runs inside the admin's transaction, so the row stays locked until it is saved.
            check_revision(self.instance, cleaned.get("expected_revision"))
        return cleaned


class AssignForm(forms.Form):
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
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", END_BEFORE_START)
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
    )
    confirm_precautions = forms.BooleanField(
        label="I have read the precautions and they will be printed on the patient's handout.",
        required=False,
    )
