"""The patient form's grouped condition checkboxes (issue 17) are written in one pass; they give
the markup of their template (planner/widgets/grouped_checkboxes.html) whatever the names, the
groups and the ticks, and the patient page shows them."""

import pytest
from django import forms
from django.test.html import parse_html
from hypothesis import given
from hypothesis import strategies as st

from planner.admin.widgets import GroupedCheckboxes
from tests.factories import make_condition, make_patient

# Any text a condition or its group may be named: markup, quotes, ampersands, accents, emoji.
labels = st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), min_size=1)
grouped = st.lists(st.tuples(labels, st.lists(labels, min_size=1, max_size=6)), max_size=3)
ungrouped = st.lists(labels, min_size=1, max_size=4)


def through_the_template(widget, value, attrs) -> str:
    return forms.Widget.render(widget, "conditions", value, attrs)  # Django's way: the template


@given(
    groups=grouped,
    loose=st.none() | ungrouped,
    ticked=st.lists(st.integers(min_value=0, max_value=30), max_size=4),
    css_class=st.none() | labels,
)
def test_it_writes_what_its_template_writes(groups, loose, ticked, css_class):
    numbered = iter(range(100))
    choices = [(group, [(next(numbered), name) for name in names]) for group, names in groups]
    choices += [(next(numbered), name) for name in loose or []]
    widget = GroupedCheckboxes(attrs={"class": css_class} if css_class else {}, choices=choices)
    attrs = {"id": "id_conditions"}
    ours = widget.render("conditions", ticked, attrs)
    assert parse_html(ours) == parse_html(through_the_template(widget, ticked, attrs))


def test_it_escapes_names_and_ticks_the_chosen():
    widget = GroupedCheckboxes(choices=[("Skin & <brace>", [(1, 'Open "wound"'), (2, "Burns")])])
    html = widget.render("conditions", [2], {"id": "id_conditions"})
    assert "<legend>Skin &amp; &lt;brace&gt;</legend>" in html
    assert 'value="1" id="id_conditions_0_0"> Open &quot;wound&quot;</label>' in html
    assert 'value="2" id="id_conditions_0_1" checked> Burns</label>' in html


@pytest.mark.django_db
def test_the_patient_page_ticks_the_patients_conditions(therapist_client, therapist):
    wound, seizures = make_condition(name="Open wound"), make_condition(name="Seizures")
    patient = make_patient(therapist=therapist)
    patient.conditions.add(seizures)
    html = therapist_client.get(f"/admin/planner/patient/{patient.pk}/change/").content.decode()
    assert f'value="{seizures.pk}" id="id_conditions_' in html
    ticked = html.split(f'value="{seizures.pk}" id="id_conditions_')[1].split(">")[0]
    unticked = html.split(f'value="{wound.pk}" id="id_conditions_')[1].split(">")[0]
    assert ticked.endswith(" checked")
    assert not unticked.endswith(" checked")
