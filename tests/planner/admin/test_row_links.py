"""Each list row's link to its page is reversed once per page (planner.admin.base
.RowLinksChangeList, issue 17): the links are Django's own, row for row."""

import pytest
from django.contrib.admin.views.main import ChangeList

from planner.admin.base import RowLinksChangeList
from tests.factories import make_patient, make_plan, make_session_log

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(therapist):
    for n in range(3):
        plan = make_plan(make_patient(therapist=therapist, display_name=f"Row {n}"))
        make_session_log(plan)


@pytest.mark.parametrize("model", ["patient", "assignment", "sessionlog", "program"])
def test_each_rows_link_is_djangos(therapist_client, records, model):
    response = therapist_client.get(f"/admin/planner/{model}/")
    changelist = response.context["cl"]
    assert isinstance(changelist, RowLinksChangeList)
    rows = list(changelist.result_list)
    assert rows
    html = response.content.decode()
    for row in rows:
        url = changelist.url_for_result(row)
        assert url == ChangeList.url_for_result(changelist, row)
        assert url == f"/admin/planner/{model}/{row.pk}/change/"
        assert f'href="{url}"' in html
