"""Limb girth and function tests on the patient's page: a new row is typed in, the rows already
kept are read-only (each changed or voided on its own page, through the link on its row), with
the girth difference derived and who measured: the therapist, or the patient at home.

A row added here is saved as on its own admin page: ``measured_by`` is the signed-in therapist
and the addition is written to the audit trail."""

from django import forms
from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from planner.admin.base import OnePassChoices
from planner.models import AuditAction, FunctionTest, LimbMeasurement
from planner.services.audit import record_event

THERAPIST = "Therapist"
PATIENT_AT_HOME = "Patient at home"


def measured_by_label(record) -> str:
    """Who measured: the patient's own account means they measured at home (portal)."""
    if record.pk is None:
        return ""
    if record.measured_by_id == record.patient.user_id:
        return PATIENT_AT_HOME
    user = record.measured_by
    return f"{THERAPIST} ({user.get_full_name() or user.get_username()})"


def girth_difference(record) -> str:
    """Right minus left in cm and as a percentage of the larger side, naming the larger side."""
    if record.pk is None or record.left_cm is None or record.right_cm is None:
        return ""
    cm, percent = record.difference_cm, record.difference_percent
    if cm == 0:
        return "0.0 cm, 0.0 % (equal)"
    sign, side = ("+", "right") if cm > 0 else ("\N{MINUS SIGN}", "left")
    return f"{sign}{abs(cm):.1f} cm, {percent} % ({side} larger)"


class LabelledRowForm(forms.ModelForm):
    """A table row's boxes have only their column heading; each gets a name of its own ("Left
    (cm), new row"), which screen readers say and axe-core asks for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", f"{field.label}, new row")


class FunctionTestForm(LabelledRowForm):
    """The day must have happened, and not before the patient was registered (as a limb
    measurement's ``clean`` checks for girths)."""

    class Meta:
        model = FunctionTest
        fields = [
            "patient",
            "tested_on",
            "chair_stands",
            "grip_left_kg",
            "grip_right_kg",
            "timed_up_and_go_s",
            "note",
        ]

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("tested_on")
        patient = cleaned.get("patient")
        if patient is None and self.instance.patient_id:
            patient = self.instance.patient
        if day and patient is not None:
            problem = patient.date_problem(day, timezone.localdate())
            if problem:
                self.add_error("tested_on", problem)
        return cleaned


class MeasureFormSet(BaseInlineFormSet):
    """Saves new rows as the therapist who typed them, audited one event each."""

    request = None  # set for each request by ``MeasureInline.get_formset``

    def validate_unique(self):
        """A new row may not repeat a row kept in the database (a voided one included: it keeps
        its day) nor another new row, said in the model's own words. Django's check of the
        page's forms against each other would compare new rows only with the kept rows shown
        here, missing voided ones (the database then refuses the insert with a server error)."""
        seen = set()
        for form in self.extra_forms:
            if not form.has_changed() or not form.is_valid():
                continue
            for constraint in self.model._meta.total_unique_constraints:
                values = {
                    name: self.instance if name == self.fk.name else form.cleaned_data.get(name)
                    for name in constraint.fields
                }
                if any(value is None for value in values.values()):
                    continue
                key = (constraint.name, *values.values())
                if key in seen or self.model._base_manager.filter(**values).exists():
                    form.add_error(None, constraint.get_violation_error_message())
                seen.add(key)

    def save_new(self, form, commit=True):
        setattr(form.instance, self.fk.name, self.instance)
        record = form.save(commit=False)
        record.measured_by = self.request.user
        if commit:
            record.save()
            record_event(
                self.request.user, AuditAction.CHANGED, record, fields=form.changed_data, new=True
            )
        return record


class MeasureInline(OnePassChoices, admin.TabularInline):
    formset = MeasureFormSet
    extra = 1
    can_delete = False
    show_change_link = True
    # Short boxes for the landmark and the note, so a row fits the page's width.
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 16})}}

    def get_queryset(self, request):
        # Voided rows stay on the record's own list (its "Voided" filter), not on this page. The
        # patient and the measurer come in the same query: each row names who measured.
        return super().get_queryset(request).in_force().select_related("patient", "measured_by")

    def has_change_permission(self, request, obj=None):
        return False  # kept rows are changed or voided on their own page

    def has_add_permission(self, request, obj=None):
        archived = obj is not None and obj.is_archived
        return super().has_add_permission(request, obj) and not archived

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"request": request})

    @admin.display(description="Measured by")
    def measured(self, obj):
        return measured_by_label(obj)


class LimbGirthInline(MeasureInline):
    model = LimbMeasurement
    form = LabelledRowForm
    verbose_name = "limb girth"
    verbose_name_plural = "Limb girth"
    fields = [
        "measured_on",
        "site",
        "landmark",
        "left_cm",
        "right_cm",
        "note",
        "difference",
        "measured",
    ]
    readonly_fields = ["difference", "measured"]

    @admin.display(description="Right minus left")
    def difference(self, obj):
        return girth_difference(obj)


class FunctionTestInline(MeasureInline):
    model = FunctionTest
    form = FunctionTestForm
    verbose_name = "day of function tests"
    verbose_name_plural = "Function tests"
    fields = [
        "tested_on",
        "chair_stands",
        "grip_left_kg",
        "grip_right_kg",
        "timed_up_and_go_s",
        "note",
        "measured",
    ]
    readonly_fields = ["measured"]
