"""The charts' words (issue 15): each chart's title, its text alternative and its numbers as a
table, built from plain progress data. Drawing them is ``svg``'s job; the handout draws its own.

The patient's charts (``for_patient``) are in the active language (the portal's); the therapist's
stay English, as the admin does."""

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import dateformat
from django.utils.translation import gettext, gettext_noop, ngettext

from core.dates import patient_date
from planner.models import MeasurementSite

GOAL_RATE = 0.8  # a week "at goal": at least 8 in 10 prescribed sessions logged

NO_LOGS = gettext_noop("No logs yet")
NO_MEASUREMENTS = gettext_noop("No measurements yet")

SITE_WORDS = {  # the site's short name, one and both, for titles and plain sentences
    # (marked for translation as they stand: the handout's progress page prints them translated)
    MeasurementSite.UPPER_ARM: (gettext_noop("upper arm"), gettext_noop("upper arms")),
    MeasurementSite.FOREARM: (gettext_noop("forearm"), gettext_noop("forearms")),
    MeasurementSite.THIGH: (gettext_noop("thigh"), gettext_noop("thighs")),
    MeasurementSite.CALF: (gettext_noop("calf"), gettext_noop("calves")),
}
# The patient's girth chart titles, whole (Spanish puts the words its own way).
PATIENT_GIRTH_TITLES = {
    MeasurementSite.UPPER_ARM: gettext_noop("The size of your upper arms"),
    MeasurementSite.FOREARM: gettext_noop("The size of your forearms"),
    MeasurementSite.THIGH: gettext_noop("The size of your thighs"),
    MeasurementSite.CALF: gettext_noop("The size of your calves"),
}


@dataclass(frozen=True)
class Series:
    name: str
    points: list[tuple[object, float | None]]  # (x, y); x a date or a label


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    alt: str
    headers: list[str]
    rows: list[list[str]]
    series: list[Series] = field(default_factory=list)
    kind: str = "lines"  # "lines" over dates, or "bars" over labels
    y_range: tuple[float, float] | None = None
    y_labels: list[float] | None = None
    unit: str = ""
    empty_text: str = NO_LOGS

    @property
    def has_data(self) -> bool:
        return any(y is not None for s in self.series for _, y in s.points)


# Words -----------------------------------------------------------------------------------------


def short_date(day: datetime.date) -> str:
    """A chart's axis label or a week's row: short, as there is little room ("28 Nov", in the
    active language's month names)."""
    return dateformat.format(day, "j M")


def long_date(day: datetime.date) -> str:
    """A day in a sentence or a table: the portal's one format (core.dates)."""
    return patient_date(day)


def number(value) -> str:
    """1 decimal at most, no trailing zero: 42.5, 42, 3.3."""
    if value is None:
        return "—"
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{round(rate * 100)} %"


# Charts ----------------------------------------------------------------------------------------


def adherence_chart(weeks, *, for_patient=False) -> Chart:
    """Bars: the share of prescribed sessions logged, each week, oldest first."""
    rated = [w for w in weeks if w.rate is not None]
    at_goal = sum(1 for w in rated if w.rate >= GOAL_RATE)
    logged_any = any(w.logs for w in weeks)
    if for_patient:
        title = gettext("How much you did each week")
        if not logged_any:
            alt = gettext("%(title)s: nothing logged yet.") % {"title": title}
        else:
            # The English singular says "weeks" too: it is the sentence printed before
            # translation, byte for byte ("1 of 1 weeks"); the Spanish says "semana".
            alt = ngettext(
                "%(title)s. You did most of it (8 in 10 or more) in %(at_goal)d of %(weeks)d "
                "weeks.",
                "%(title)s. You did most of it (8 in 10 or more) in %(at_goal)d of %(weeks)d "
                "weeks.",
                len(rated),
            ) % {"title": title, "at_goal": at_goal, "weeks": len(rated)}
        headers = [
            gettext("Week of"),
            # Translators: a table heading: sessions planned that week.
            gettext("Planned"),
            # Translators: a table heading: sessions done that week.
            gettext("Done"),
            gettext("Done, in %"),
        ]
        rows = [
            [short_date(w.week_start), number(w.prescribed), number(w.logged), percent(w.rate)]
            for w in reversed(weeks)
        ]
    else:
        title = "Adherence by week"
        if not logged_any:
            alt = f"{title}: no logs in the last {len(weeks)} weeks."
        else:
            latest = rated[-1] if rated else None
            alt = (
                f"{title}: {at_goal} of the last {len(rated)} weeks with a plan at or above "
                f"{round(GOAL_RATE * 100)} %"
            )
            if latest is not None:
                alt += (
                    f"; week of {short_date(latest.week_start)} {percent(latest.rate)} "
                    f"({number(latest.logged)} of {number(latest.prescribed)} sessions)"
                )
            alt += "."
        headers = [
            "Week of",
            "Sessions prescribed",
            "Sessions logged",
            "Adherence",
            "Pain, highest",
            "Pain, average",
            "Effort, average",
        ]
        rows = [
            [
                short_date(w.week_start),
                number(w.prescribed),
                number(w.logged),
                percent(w.rate),
                number(w.pain_max),
                number(w.pain_mean),
                number(w.effort_mean),
            ]
            for w in reversed(weeks)
        ]
    values = [(short_date(w.week_start), None if w.rate is None else w.rate * 100) for w in weeks]
    return Chart(
        slug="adherence",
        title=title,
        alt=alt,
        headers=headers,
        rows=rows,
        series=[Series(gettext("Done, in %") if for_patient else "Adherence", values)]
        if logged_any
        else [],
        kind="bars",
        # a patient who does more than asked passes 100 %
        y_labels=list(
            range(0, max(100, math.ceil(max(_rates(weeks), default=0) / 20) * 20) + 1, 20)
        ),
        unit=" %",
        empty_text=gettext(NO_LOGS) if for_patient else NO_LOGS,
    )


def pain_effort_chart(days, *, for_patient=False) -> Chart:
    """Two lines, 0 to 10: the highest pain and the average effort of each day logged."""
    pain_name = gettext("Pain") if for_patient else "Pain (highest that day)"
    effort_name = gettext("Effort") if for_patient else "Effort (average that day)"
    title = gettext("Your pain and effort") if for_patient else "Pain and effort"
    pains = [d for d in days if d.pain_max is not None]
    efforts = [d for d in days if d.effort_mean is not None]
    if not days:
        alt = (
            gettext("%(title)s: nothing logged yet.") % {"title": title}
            if for_patient
            else f"{title}: no logs yet."
        )
    elif for_patient:
        parts = [gettext("%(title)s, 0 to 10, day by day.") % {"title": title}]
        if pains:
            worst = max(pains, key=lambda d: (d.pain_max, d.day))
            parts.append(
                gettext("Your worst pain was %(pain)s, on %(day)s.")
                % {"pain": worst.pain_max, "day": long_date(worst.day)}
            )
            parts.append(
                gettext("Last time, your pain was %(pain)s.") % {"pain": pains[-1].pain_max}
            )
        if efforts:
            parts.append(
                gettext("Last time, your effort was %(effort)s.")
                % {"effort": number(efforts[-1].effort_mean)}
            )
        alt = " ".join(parts)
    else:
        parts = [f"{title} (0 to 10), {len(days)} days logged"]
        if pains:
            worst = max(pains, key=lambda d: (d.pain_max, d.day))
            parts.append(
                f"pain highest {worst.pain_max} on {short_date(worst.day)}, "
                f"latest {pains[-1].pain_max} on {short_date(pains[-1].day)}"
            )
        if efforts:
            mean = sum(d.effort_mean for d in efforts) / len(efforts)
            parts.append(f"effort latest {number(efforts[-1].effort_mean)}, average {number(mean)}")
        alt = "; ".join(parts) + "."
    return Chart(
        slug="pain-effort",
        title=title,
        alt=alt,
        headers=[gettext("Day") if for_patient else "Day", pain_name, effort_name],
        rows=[
            [long_date(d.day), number(d.pain_max), number(d.effort_mean)] for d in reversed(days)
        ],
        series=[
            Series(pain_name, [(d.day, d.pain_max) for d in pains]),
            Series(effort_name, [(d.day, d.effort_mean) for d in efforts]),
        ],
        y_range=(0, 10),
        y_labels=[0, 2, 4, 6, 8, 10],
        empty_text=gettext(NO_LOGS) if for_patient else NO_LOGS,
    )


def girth_chart(site: str, points, *, for_patient=False) -> Chart:
    """Two lines, left and right girth at one site over time, in cm."""
    name = SITE_WORDS[MeasurementSite(site)][0]
    first, last = points[0], points[-1]
    if for_patient:
        title = gettext(PATIENT_GIRTH_TITLES[MeasurementSite(site)])
        alt = gettext(
            "%(title)s, left and right. Last time, %(day)s: left %(left)s cm, right %(right)s cm. "
            "That is %(apart)s cm apart."
        ) % {
            "title": title,
            "day": long_date(last.measured_on),
            "left": number(last.left_cm),
            "right": number(last.right_cm),
            "apart": number(last.difference_cm),
        }
        headers = [
            gettext("Day"),
            gettext("Left (cm)"),
            gettext("Right (cm)"),
            gettext("Apart (cm)"),
        ]
        rows = [
            [
                long_date(p.measured_on),
                number(p.left_cm),
                number(p.right_cm),
                number(p.difference_cm),
            ]
            for p in reversed(points)
        ]
    else:
        title = f"{name.capitalize()} girth"
        alt = (
            f"{title}: left {number(last.left_cm)} cm, right {number(last.right_cm)} cm on "
            f"{long_date(last.measured_on)} (difference {number(last.difference_cm)} cm)"
        )
        if len(points) > 1:
            change = last.difference_cm - first.difference_cm
            alt += (
                f"; first on {long_date(first.measured_on)}, difference "
                f"{number(first.difference_cm)} cm ({_signed(change)} cm since)"
            )
        alt += f"; {len(points)} measurement{'s' if len(points) != 1 else ''}."
        headers = ["Day", "Left (cm)", "Right (cm)", "Difference (cm)", "Difference (%)"]
        headers.append("Landmark")
        rows = [
            [
                long_date(p.measured_on),
                number(p.left_cm),
                number(p.right_cm),
                number(p.difference_cm),
                number(_difference_percent(p)),
                p.landmark or "Usual",
            ]
            for p in reversed(points)
        ]
    return Chart(
        slug=f"girth-{site.replace('_', '-')}",
        title=title,
        alt=alt,
        headers=headers,
        rows=rows,
        series=[
            Series(
                gettext("Left") if for_patient else "Left",
                [(p.measured_on, float(p.left_cm)) for p in points],
            ),
            Series(
                gettext("Right") if for_patient else "Right",
                [(p.measured_on, float(p.right_cm)) for p in points],
            ),
        ],
        unit=" cm",
        empty_text=gettext(NO_MEASUREMENTS) if for_patient else NO_MEASUREMENTS,
    )


def _difference_percent(point) -> Decimal:
    larger = max(point.left_cm, point.right_cm)
    return (point.difference_cm * 100 / larger).quantize(Decimal("0.1"))


def _signed(value) -> str:
    return f"+{number(value)}" if value > 0 else number(value)


FUNCTION_TESTS = {
    # slug: (title, unit, [(series name, field)], "better" direction for the sentence)
    "chair-stands": (
        "30-second chair stand",
        "",
        [("Full stands in 30 seconds", "chair_stands")],
    ),
    "grip": (
        "Grip strength",
        " kg",
        [("Left hand", "grip_left_kg"), ("Right hand", "grip_right_kg")],
    ),
    "timed-up-and-go": (
        "Timed up and go",
        " s",
        [("Seconds (lower is better)", "timed_up_and_go_s")],
    ),
}


def function_charts(results) -> list[Chart]:
    """One chart per function test that has a result: chair stands, grip left and right, TUG."""
    charts = []
    for slug, (title, unit, columns) in FUNCTION_TESTS.items():
        tested = [r for r in results if any(getattr(r, f) is not None for _, f in columns)]
        if not tested:
            continue
        series = [
            Series(
                name,
                [(r.tested_on, float(getattr(r, f))) for r in tested if getattr(r, f) is not None],
            )
            for name, f in columns
        ]
        summary = "; ".join(
            (f"{s.name.lower()} " if len(series) > 1 else "")
            + f"{number(s.points[-1][1])}{unit} on {long_date(s.points[-1][0])}"
            + (
                f", from {number(s.points[0][1])}{unit} on {long_date(s.points[0][0])}"
                if len(s.points) > 1
                else ""
            )
            for s in series
            if s.points
        )
        charts.append(
            Chart(
                slug=slug,
                title=title,
                alt=f"{title}: {summary}.",
                headers=[
                    "Day",
                    *(f"{name}{f' ({unit.strip()})' if unit else ''}" for name, _ in columns),
                ],
                rows=[
                    [long_date(r.tested_on), *(number(getattr(r, f)) for _, f in columns)]
                    for r in reversed(tested)
                ],
                series=series,
                unit=unit,
                empty_text="No tests yet",
            )
        )
    return charts


def progress_charts(progress, *, for_patient=False) -> list[Chart]:
    """Every chart for one patient's progress, in the order the page shows them."""
    charts = [
        adherence_chart(progress.weeks, for_patient=for_patient),
        pain_effort_chart(progress.days, for_patient=for_patient),
    ]
    charts += [
        girth_chart(site, points, for_patient=for_patient)
        for site, points in progress.girth.items()
    ]
    if not for_patient:
        charts += function_charts(progress.function_tests)
    return charts


def chart_named(charts: list[Chart], slug: str) -> Chart | None:
    return next((chart for chart in charts if chart.slug == slug), None)


def _rates(weeks) -> list[float]:
    return [w.rate * 100 for w in weeks if w.rate is not None]
