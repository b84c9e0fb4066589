"""The patient portal. Every view is wrapped in ``patient_view`` and reaches data only from the
signed-in patient, through ``planner.selectors.portal`` and its ``portal_*`` neighbours; any other
id is a 404. Changes are POSTs (CSRF-protected) through planner's services; no GET changes
anything. One module a concern: ``plans`` (the home page and the handout), ``logs`` (logging a
session, Done, the next-day question), ``records`` (history, progress, measuring), ``account``
(activation, password), ``email_reminders`` and ``language`` (the switch)."""

from portal.views.account import activate, change_password
from portal.views.email_reminders import reminders
from portal.views.language import switch_language
from portal.views.logs import heaviness_check, log_done, log_session
from portal.views.plans import handout, home
from portal.views.records import HISTORY_WEEKS_PER_PAGE, history, measure, progress, progress_chart

__all__ = [
    "HISTORY_WEEKS_PER_PAGE",
    "activate",
    "change_password",
    "handout",
    "heaviness_check",
    "history",
    "home",
    "log_done",
    "log_session",
    "measure",
    "progress",
    "progress_chart",
    "reminders",
    "switch_language",
]
