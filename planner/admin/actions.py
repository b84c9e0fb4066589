"""What a list action says when it did not do everything it was asked: which rows it left as
they were and why, and how many ticked rows it could not reach at all."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.admin import helpers


class ActionReport:
    """Collects, row by row, what an action did and what it skipped, then says it once::

    report = ActionReport(self, request, queryset)
    for patient in queryset:
        if patient.is_archived:
            report.skip(patient, "Already archived, so left as they were")
        else:
            ...
            report.done(patient)
    report.send("Archived")
    """

    def __init__(self, model_admin, request, queryset):
        self.model_admin, self.request = model_admin, request
        self.done_names: list[str] = []
        self.skipped: dict[str, list[str]] = defaultdict(list)
        self.unreachable = _unreachable(request, queryset)

    def done(self, obj) -> None:
        self.done_names.append(str(obj))

    def skip(self, obj, reason: str) -> None:
        self.skipped[reason].append(str(obj))

    @property
    def nothing_done(self) -> bool:
        return not self.done_names

    def send(self, verb: str, *, then: str = "") -> None:
        """E.g. "Archived: A, B." plus a warning per reason rows were left ("Already archived, so
        left as they were: C."), and one for rows that could not be reached."""
        say = self.model_admin.message_user
        if self.done_names:
            say(self.request, f"{verb}: {_names(self.done_names)}.{then}", messages.SUCCESS)
        for reason, names in self.skipped.items():
            say(self.request, f"{reason}: {_names(names)}.", messages.WARNING)
        if self.unreachable:
            noun = self.model_admin.opts.verbose_name_plural
            say(
                self.request,
                f"{self.unreachable} of the selected {noun} could not be found or are not yours; "
                "nothing was done to them.",
                messages.WARNING,
            )


def _names(names: list[str]) -> str:
    return ", ".join(names)


def _unreachable(request, queryset) -> int:
    """Ticked rows missing from the action's queryset: deleted since the list was shown, or
    outside the user's scope (the admin's queryset never holds those)."""
    if request.POST.get("select_across") == "1":
        return 0
    selected = set(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
    return max(len(selected) - queryset.count(), 0)
