"""The portal home's plan sections, kept as rendered HTML (issue 17: the home page was the
portal's costliest page, mostly for building and rendering the same cards on every visit).

What is kept: for each current plan, its heading, each exercise's name and words (dosage, effort,
the "stay safe" box, the drawing, the steps, the therapist's note) and the plan's safety notes,
as templates/portal/plan/ renders them. What is not: anything today's logs decide (done or due,
the week's count, the Done buttons, the next-day question), the messages, the clinic's contact
box; the home template (and ``templatetags/today_cards.py``) renders those on every visit.

Every key is derived from what this same request read from the database (``home_plans``): the
plan's id, revision, version and last change, its program's revision and last change, each row's id
and frozen time and what its card reads of its library exercise (revision, last change, name, load,
body region), the patient's atrophy type and conditions (id and group), and the text of every
active safety note. A section built on this visit is kept under what it was built from (its plan's
rows and the patient's conditions, read again with them). Anything that changes a section changes
its key, so an entry is never stale: it is either the section for the data as it is now, or not
found. That is why each process keeping its own cache (settings.CACHES, LocMem) is correct with
several processes and servers: a server that has not seen a change still reads the changed data
before it looks in its cache (README "Running on several servers"). Nothing signals a change; no
entry is ever deleted or updated, only left to age out.

A plan's rows are never edited once it is given (the program editor and the row swap refuse;
a revision is a new plan with a new id), so their ids and frozen times stand for their words and
dosage; a row's dosage or text changing in place would need a change to those rules first.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from planner.selectors import portal as selectors
from planner.selectors import portal_home

# The cache alias (settings.CACHES), used by this module alone (tests/test_scale_out.py checks).
CACHE = "portal_cards"
# Part of every key. Change it with templates/portal/plan/ or what feeds them, so a cache that
# outlives a deploy (a shared one; LocMem dies with the process) never serves the old layout.
LAYOUT_VERSION = 2


@dataclass
class Row:
    """One exercise's card: the kept parts (``heading``, ``body``) and, set for each visit, what
    today's logs say (``selectors.set_day_state``), its messages and its two links."""

    pk: int
    days_per_week: int
    name: str
    heading: SafeString
    body: SafeString
    logged_today: bool = False
    done_today: bool = False
    done_this_week: int = 0
    due_today: bool = False
    messages: list = field(default_factory=list)
    done_url: str = ""
    log_url: str = ""


@dataclass
class Section:
    pk: int
    head: SafeString
    foot: SafeString
    rows: list[Row]


def plan_sections(patient, found: portal_home.HomePlans) -> list[Section]:
    """The sections of the plans ``found`` (``portal_home.home_plans``), in its order: from the
    cache, or built (three more queries for all that are missing) and kept."""
    cache = caches[CACHE]
    shared = _shared_inputs(patient, found.conditions, found)
    keys = {pk: _key(pk, stamp, shared) for pk, stamp in found.plans}
    entries = cache.get_many(list(keys.values()))
    by_plan = {pk: entries[key] for pk, key in keys.items() if key in entries}
    missing = [pk for pk in keys if pk not in by_plan]
    if missing:
        built = {}
        plans = portal_home.plans_for_sections(patient, missing, found.notes)
        # Keyed on the stamps read with the rows and conditions it is built from: if the plan or
        # the conditions changed since ``home_plans`` read them, the entry is the newer one,
        # under the newer key.
        read = _shared_inputs(patient, portal_home.condition_stamp(patient), found)
        for plan in plans:
            by_plan[plan.pk] = built[_key(plan.pk, plan.stamp, read)] = _render(plan)
        cache.set_many(built)
    # A plan that stopped running between the two reads has no section.
    return [_section(pk, by_plan[pk], found) for pk in keys if pk in by_plan]


def _shared_inputs(patient, conditions: tuple, found: portal_home.HomePlans) -> tuple:
    """What every plan's section of this patient depends on besides the plan itself."""
    notes = tuple((note.scope, note.text, note.citation) for note in found.notes)
    return (
        LAYOUT_VERSION,
        # The language of what the section reads (safety notes, the plan's words) and of its own
        # words, translated when it is rendered: a section is never served in another language.
        translation.get_language(),
        patient.pk,
        patient.atrophy_type,
        conditions,
        _digest(notes),
    )


def _key(plan_id: int, stamp: tuple, shared: tuple) -> str:
    return f"portal-plan:{plan_id}:{_digest((stamp, shared))}"


def _digest(value: tuple) -> str:
    # repr of tuples of ints, strings, dates and None is exact and stable within a version.
    return hashlib.blake2b(repr(value).encode(), digest_size=20).hexdigest()


def _render(plan) -> dict:
    """A plan's kept parts (``plans_for_sections``'s plan), as plain strings and ints."""
    rows = [
        (
            item.pk,
            item.days_per_week,
            item.given.name,
            render_to_string("portal/plan/card_heading.html", {"item": item, "number": number}),
            render_to_string("portal/plan/card_body.html", {"item": item}),
        )
        for number, item in enumerate(plan.program.items.all(), start=1)
    ]
    return {
        "head": render_to_string("portal/plan/head.html", {"plan": plan}),
        "foot": render_to_string("portal/plan/foot.html", {"plan": plan}),
        "rows": rows,
    }


def _section(plan_id: int, entry: dict, found: portal_home.HomePlans) -> Section:
    rows = []
    for pk, days_per_week, name, heading, body in entry["rows"]:
        row = Row(pk, days_per_week, name, mark_safe(heading), mark_safe(body))  # noqa: S308 - our own rendering
        selectors.set_day_state(row, found.logged, found.done_days)
        rows.append(row)
    return Section(plan_id, mark_safe(entry["head"]), mark_safe(entry["foot"]), rows)  # noqa: S308
