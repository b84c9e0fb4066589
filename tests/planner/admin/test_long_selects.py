"""Long choice lists (issue 17): the exercise form's two-box lists, our one-choice lists and
search boxes, written in one pass (core.widgets), give the same markup as Django's own widget
whatever the names in them; the patient form's therapist, one of a clinic group's hundreds, is
searched for (an autocomplete) among active staff only, by a clinic admin only."""

import re

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, FilteredSelectMultiple
from django.test import Client
from django.test.html import parse_html
from hypothesis import given
from hypothesis import strategies as st

from core.widgets import LongFilteredSelectMultiple, OnePassAutocompleteSelect, OnePassSelect
from planner.models import Patient
from tests.factories import make_condition, make_exercise, make_patient, make_therapist, make_user

# Any text a name or a condition may hold: markup, quotes, ampersands, accents, emoji.
labels = st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), min_size=1)
choice_lists = st.lists(labels, min_size=1, max_size=8)


def django_and_ours(django_widget, our_widget, value):
    return (
        parse_html(django_widget.render("field", value, {"id": "id_field"})),
        parse_html(our_widget.render("field", value, {"id": "id_field"})),
    )


@given(
    groups=st.lists(st.tuples(labels, choice_lists), min_size=1, max_size=3),
    chosen=st.lists(st.integers(min_value=0, max_value=8), max_size=3),
)
def test_the_two_box_list_writes_what_djangos_writes(groups, chosen):
    choices = [(group, list(enumerate(names))) for group, names in groups]
    theirs, ours = django_and_ours(
        FilteredSelectMultiple("conditions", is_stacked=False, choices=choices),
        LongFilteredSelectMultiple("conditions", is_stacked=False, choices=choices),
        chosen,
    )
    assert ours == theirs


@given(
    names=choice_lists,
    group=st.none() | labels,
    chosen=st.none() | st.integers(min_value=0, max_value=8),
    required=st.booleans(),
)
def test_a_one_choice_list_writes_what_djangos_writes(names, group, chosen, required):
    """A model field's choices (side, region, language...) on our admin forms and rows."""
    choices = [("", "---------"), *enumerate(names)]
    if group is not None:
        choices = [(group, choices)]
    attrs = {"required": True} if required else {}
    theirs, ours = django_and_ours(
        forms.Select(attrs=attrs, choices=choices),
        OnePassSelect(attrs=attrs, choices=choices),
        chosen,
    )
    assert ours == theirs


def options_of(html: str, name: str) -> dict[str, bool]:
    """{option label: selected} of the <select name=...> in a page."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, f"no <select name={name}>"
    return {
        label: " selected" in attrs
        for attrs, label in re.findall(
            r"<option value=\"[^\"]*\"([^>]*)>([^<]*)</option>", select[1]
        )
    }


def autocomplete(client, term=""):
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "planner", "model_name": "patient", "field_name": "therapist", "term": term},
    )
    return response.status_code, response


@pytest.mark.django_db
def test_a_clinic_admin_searches_for_the_therapist_among_active_staff_only(client):
    clinic_admin = make_therapist(username="clinic-admin", is_superuser=True)
    own = make_therapist(username="ann-therapist")
    make_therapist(username="bob-therapist")
    make_therapist(username="gone-therapist", is_active=False)
    patient = make_patient(therapist=own, user=make_user(username="pat-account"))
    client.force_login(clinic_admin)

    html = client.get(f"/admin/planner/patient/{patient.pk}/change/").content.decode()
    # The page holds the chosen therapist only; the others are found by typing.
    assert options_of(html, "therapist") == {"ann-therapist": True}
    status, response = autocomplete(client)
    assert status == 200
    found = {row["text"] for row in response.json()["results"]}
    assert found == {"ann-therapist", "bob-therapist", "clinic-admin"}
    status, response = autocomplete(client, "bob")
    assert [row["text"] for row in response.json()["results"]] == ["bob-therapist"]


@pytest.mark.django_db
def test_only_a_clinic_admin_may_search_the_therapists(therapist_client):
    status, _ = autocomplete(therapist_client)
    assert status == 403
    status, response = autocomplete(Client())  # signed out
    assert (status, response["Location"].split("?")[0]) == (302, "/admin/login/")


@pytest.mark.django_db
def test_a_therapist_has_no_therapist_list_on_their_patients_page(therapist_client, therapist):
    patient = make_patient(therapist=therapist)
    html = therapist_client.get(f"/admin/planner/patient/{patient.pk}/change/").content.decode()
    assert '<select name="therapist"' not in html
    assert patient.display_name in html


@pytest.mark.django_db
def test_the_exercise_page_offers_the_library_in_two_box_lists(client):
    client.force_login(make_therapist(is_superuser=True))
    exercise = make_exercise(name="Sit to stand")
    harder = make_exercise(name="Single-leg sit to stand")
    exercise.harder_versions.add(harder)
    pool = make_condition(name="Open wound")
    exercise.contraindications.add(pool)

    response = client.get(f"/admin/exercises/exercise/{exercise.pk}/change/")
    html = response.content.decode()

    # The admin's script turns each list with this class into its two boxes.
    assert re.search(r'<select name="harder_versions"[^>]*class="selectfilter"', html)
    assert options_of(html, "contraindications")["Open wound"] is True
    assert options_of(html, "cautions")["Open wound"] is False
    assert options_of(html, "harder_versions")["Single-leg sit to stand"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("required", [True, False])
def test_the_search_box_for_one_row_writes_what_djangos_writes(required):
    """An autocomplete (the patient's therapist and account, a record's patient) holds the chosen
    row only; ours writes Django's markup for it."""
    chosen = make_therapist(username='ann "the" <therapist>')
    make_therapist(username="bob-therapist")
    db_field = Patient._meta.get_field("therapist")

    def rendered(widget_class):
        widget = widget_class(db_field, admin.site)
        widget.is_required = required
        field = forms.ModelChoiceField(queryset=db_field.related_model.objects.all(), widget=widget)
        return parse_html(field.widget.render("therapist", chosen.pk, {"id": "id_therapist"}))

    ours = rendered(OnePassAutocompleteSelect)
    assert ours == rendered(AutocompleteSelect)
    assert "ann &quot;the&quot; &lt;therapist&gt;" in str(ours)
