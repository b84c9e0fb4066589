"""Server time and query count of every page a therapist, a clinic admin and a patient open, on
whatever database DATABASE_URL names (fill it first with ``manage.py seed_scale``). Run from the
project directory:

    DATABASE_URL=postgres://... .venv/bin/python benchmarks/pages.py \
        --out benchmarks/results/pages.json

Each page is requested ``--rounds`` times (after one request to warm up) through Django's test
client with ``force_login``, in this process, with DEBUG off: the time is the whole request
through the middleware, the view and the template, without a network or a web server. The same
technique times a bare view (an empty HttpResponse behind the same middleware) and /healthz, so
the figures can be read against a floor measured the same way. Each page's median CPU time of
this process (Python's share: the view and the template) is saved too: on a shared, busy machine
it moves less than the wall-clock time.

Pages: the admin index (the worklist), every registered model's changelist and one change page
(a row of the therapist's patient with the longest history, else the newest row the user may see),
the handout download from the admin, and, as that patient, every portal page and the handout.
Requesting pages writes audit events, as a real visit does.

A page's slowest requests are mostly Python's full garbage collections, which walk every object
the process holds (Django and the app: about 120,000) and took 85-120 ms each on the 2-core
machine, one every 100 requests or so. The app's servers freeze what is loaded before their
first request (``config/warm.py``, called by config/wsgi.py and config/asgi.py), and so does this
script, the same way: full collections then walk only what came later. ``--no-freeze-gc``
measures without it.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib import admin  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, RequestFactory, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import include, path, reverse  # noqa: E402

from accounts.roles import ensure_clinic_admin_group  # noqa: E402
from config.warm import freeze_the_loaded_app  # noqa: E402
from planner.models import Assignment, Patient, SessionLog  # noqa: E402

# The project's URLs plus a bare view, for the floor.
bench_urls = types.ModuleType("bench_urls")
bench_urls.urlpatterns = [
    path("bench-bare/", lambda request: HttpResponse("ok")),
    path("", include("config.urls")),
]
sys.modules["bench_urls"] = bench_urls

# How a row of each model leads to a patient, to pick the change page of the subject's row.
PATIENT_PATHS = ["patient", "assignment__patient", "program__patient"]


def subject_patient() -> Patient:
    """The patient with an account whose plan started earliest: the longest history."""
    plan = (
        Assignment.objects.filter(patient__user__isnull=False, voided_at__isnull=True)
        .order_by("starts_on", "pk")
        .select_related("patient__therapist", "patient__user")
        .first()
    )
    if plan is None:
        sys.exit("No patient with an account and a plan: run manage.py seed_scale first.")
    return plan.patient


def clinic_admin():
    """A clinic admin who is a superuser: sees every therapist's patients."""
    user, _ = get_user_model().objects.get_or_create(
        username="bench-clinic-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    user.groups.add(ensure_clinic_admin_group())
    return user


def change_object_id(model_admin, user, patient) -> str | None:
    """A row of the subject patient the user may open, else the newest row they may see."""
    request = RequestFactory().get("/")
    request.user = user
    rows = model_admin.get_queryset(request).order_by()
    if model_admin.model is Patient:
        rows_of_patient = rows.filter(pk=patient.pk)
    else:
        rows_of_patient = rows.none()
        names = {f.name for f in model_admin.model._meta.get_fields()}
        for lookup in PATIENT_PATHS:
            if lookup.split("__")[0] in names:
                rows_of_patient = rows.filter(**{lookup: patient})
                break
    pk = rows_of_patient.values_list("pk", flat=True).last()
    if pk is None:
        pk = rows.order_by("-pk").values_list("pk", flat=True).first()
    return None if pk is None else str(pk)


def admin_pages(user, patient) -> list[tuple[str, str]]:
    pages = [("admin index (worklist)", reverse("admin:index"))]
    request = RequestFactory().get("/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(request):
            continue
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        label = f"{model._meta.app_label}.{model.__name__}"
        pages.append((f"{label} changelist", reverse(f"{info}_changelist")))
        object_id = change_object_id(model_admin, user, patient)
        if object_id is not None:
            url = reverse(f"{info}_change", args=[object_id])
            pages.append((f"{label} change", url))
    plan = Assignment.objects.filter(patient=patient).order_by("-starts_on").first()
    pages.append(("admin handout PDF", reverse("admin:planner_assignment_handout", args=[plan.pk])))
    return pages


def portal_pages(patient) -> list[tuple[str, str]]:
    plan = Assignment.objects.filter(patient=patient).order_by("-starts_on").first()
    item = plan.program.items.order_by("position").first()
    return [
        ("portal home", reverse("portal:home")),
        ("portal log form", reverse("portal:log", args=[item.pk])),
        ("portal history", reverse("portal:history")),
        ("portal history page 2", reverse("portal:history") + "?page=2"),
        ("portal progress", reverse("portal:progress")),
        ("portal measure", reverse("portal:measure")),
        ("portal reminders", reverse("portal:reminders")),
        ("portal password", reverse("portal:password")),
        ("portal handout PDF", reverse("portal:handout", args=[plan.pk])),
    ]


def measure(client: Client, url: str, rounds: int) -> dict:
    client.get(url)  # warm up: caches, the first template load
    times, cpu, queries, statuses = [], [], [], set()
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        queries.append(len(captured))
        statuses.add(response.status_code)
    times.sort()
    return {
        "url": url,
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(0, round(0.95 * len(times)) - 1)], 2),
        # This process's CPU time (Python: the view and the template, not the database's work):
        # what other programs on a shared machine inflate least.
        "cpu_p50_ms": round(statistics.median(cpu), 2),
        "queries": max(queries),
        "queries_vary": min(queries) != max(queries),
        "status": sorted(statuses),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--out", type=Path, help="Where to save the results as JSON.")
    parser.add_argument(
        "--no-freeze-gc",
        dest="freeze_gc",
        action="store_false",
        help="Leave the loaded app in the garbage collector's reach (see above).",
    )
    args = parser.parse_args()
    if args.freeze_gc:
        freeze_the_loaded_app()

    patient = subject_patient()
    therapist, superuser = patient.therapist, clinic_admin()
    people = [
        ("therapist", therapist, admin_pages(therapist, patient)),
        ("clinic admin", superuser, admin_pages(superuser, patient)),
        ("patient", patient.user, portal_pages(patient)),
    ]
    floor = [("bare view (floor)", "/bench-bare/"), ("/healthz", "/healthz")]
    results = []
    with override_settings(ROOT_URLCONF="bench_urls", DEBUG=False):
        for role, user, pages in people:
            client = Client(raise_request_exception=False)
            client.force_login(user)
            for name, url in [*floor, *pages]:
                result = measure(client, url, args.rounds)
                results.append({"role": role, "page": name, **result})
                print(
                    f"{role:<13} {name:<42} p50 {result['p50_ms']:8.1f} ms  "
                    f"p95 {result['p95_ms']:8.1f} ms  cpu {result['cpu_p50_ms']:6.1f} ms  "
                    f"{result['queries']:4d} queries"
                    f"{'' if result['status'] == [200] else '  status ' + str(result['status'])}",
                    flush=True,
                )
    summary = {
        "when": datetime.datetime.now().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "rounds": args.rounds,
        "gc_frozen": args.freeze_gc,
        # Other programs' load when the run ended (1, 5 and 15 minutes): on a shared machine,
        # how much to trust the wall-clock times.
        "load_average": [round(n, 2) for n in os.getloadavg()],
        "patients": Patient.objects.count(),
        "session_logs": SessionLog.objects.count(),
        "subject": {
            "patient": patient.pk,
            "therapist": therapist.pk,
            "therapist_patients": Patient.objects.filter(therapist=therapist).count(),
            "patient_logs": SessionLog.objects.filter(assignment__patient=patient).count(),
        },
        "slowest_p95": sorted(results, key=lambda r: r["p95_ms"])[-5:],
        "results": results,
    }
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        print(f"Saved {args.out}")


if __name__ == "__main__":
    main()
