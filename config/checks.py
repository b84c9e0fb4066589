"""The production rules, as Django system checks.

``manage.py check --deploy`` reports them, and being errors they stop ``migrate``, ``runserver``
and every other command that runs the checks. WSGI and ASGI servers never run system checks, so
``config/wsgi.py`` and ``config/asgi.py`` call ``refuse_unsafe_production`` before serving.

One warning too: with DEBUG off and email printed to the console (rehab.W001), patients'
reminders reach no one.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

_NEW_KEY = (
    "python -c 'from django.core.management.utils import get_random_secret_key as g; print(g())'"
)


def weak_secret_key(key: str) -> bool:
    # Same spirit as Django's security.W009: long, varied, and not the generated insecure prefix.
    return len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure")


def _secret_key() -> str:
    try:
        return settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        return ""


def production_errors() -> list[Error]:
    """What makes these settings unsafe to serve patients' records with; empty outside
    DJANGO_ENV=production, where the development defaults are meant to apply."""
    if getattr(settings, "DJANGO_ENV", "development") != "production":
        return []
    errors = []
    if settings.DEBUG:
        errors.append(
            Error(
                "DEBUG is on with DJANGO_ENV=production: error pages would show settings and "
                "patient data to anyone.",
                hint="Unset DEBUG or set DEBUG=false.",
                id="rehab.E001",
            )
        )
    if weak_secret_key(_secret_key()):
        errors.append(
            Error(
                "DJANGO_ENV=production needs SECRET_KEY set to a random value of at least 50 "
                "characters that does not start with 'django-insecure'.",
                hint=f"Generate one with: {_NEW_KEY}",
                id="rehab.E002",
            )
        )
    if not settings.ALLOWED_HOSTS:
        errors.append(
            Error(
                "DJANGO_ENV=production needs ALLOWED_HOSTS.",
                hint="Set the host names the clinic serves, e.g. ALLOWED_HOSTS=rehab.example.org",
                id="rehab.E003",
            )
        )
    if not public_site_url(getattr(settings, "SITE_URL", "")):
        errors.append(
            Error(
                "DJANGO_ENV=production needs SITE_URL set to the https:// address patients use: "
                "every handout prints it and its QR code points at it, and a patient at home "
                f"cannot reach {settings.SITE_URL or 'an empty address'}.",
                hint="Set e.g. SITE_URL=https://rehab.example.org",
                id="rehab.E004",
            )
        )
    errors += _fhir_errors()
    return errors


def _fhir_errors() -> list[Error]:
    """A FHIR system set to this machine or to plain http: every exported identifier and code
    is made from it, so a record system would match this clinic's records against another's
    (and changing it later would make every record new to it)."""
    problems = []
    base = getattr(settings, "FHIR_BASE", "")
    if base and not public_site_url(base):
        problems.append(f"FHIR_BASE={base}")
    system = getattr(settings, "FHIR_PATIENT_ID_SYSTEM", "")
    if system and not (public_site_url(system) or system.startswith(("urn:oid:", "urn:uuid:"))):
        problems.append(f"FHIR_PATIENT_ID_SYSTEM={system}")
    if not problems:
        return []
    return [
        Error(
            f"{' and '.join(problems)}: the FHIR export names this clinic's records under it, so "
            "it must be an https:// address away from this machine (or, for the patients' "
            "system, a urn:oid:).",
            hint="Leave them unset to use SITE_URL + /fhir, or set e.g. "
            "FHIR_BASE=https://rehab.example.org/fhir; then never change them.",
            id="rehab.E005",
        )
    ]


CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"


def email_warnings() -> list[Warning]:
    """Served for real (DEBUG off) with email printed to the console: reminders reach no one."""
    if settings.DEBUG or settings.EMAIL_BACKEND != CONSOLE_EMAIL:
        return []
    return [
        Warning(
            "EMAIL_BACKEND is the console backend with DEBUG off: patients' daily reminders are "
            "printed to the log, not emailed.",
            hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST "
            "(or leave it, if no patient uses email reminders).",
            id="rehab.W001",
        )
    ]


def public_site_url(url: str) -> bool:
    """An https address with a host other than this machine."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        address = ipaddress.ip_address(host)
        local = address.is_loopback or address.is_unspecified
    except ValueError:  # a name, not an address
        local = host == "localhost" or host.endswith(".localhost")
    return parts.scheme == "https" and bool(host) and not local


@register(Tags.security)
def check_production_settings(app_configs, **kwargs):
    return production_errors()


@register()
def check_email_settings(app_configs, **kwargs):
    return email_warnings()


def refuse_unsafe_production() -> None:
    """For WSGI/ASGI entry points: raise instead of serving with settings the checks refuse."""
    errors = production_errors()
    if errors:
        problems = "\n".join(f"{error.id}: {error.msg} {error.hint}" for error in errors)
        raise ImproperlyConfigured(f"Refusing to start:\n{problems}")
