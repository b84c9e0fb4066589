"""Sign-in: one page for everyone."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode


def admin_login(request):
    """The admin's sign-in page sends therapists to the sign-in page patients use, so the
    product has one sign-in that looks like the rest of it. Someone signed in but not staff
    gets the admin's own page, which says so and offers to switch account (sending them back to
    the shared page would loop: it passes a signed-in person straight on to ``next``)."""
    if request.method == "POST" or request.user.is_authenticated:
        return admin.site.login(request)
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    return redirect(f"{reverse('login')}?{urlencode({'next': target or reverse('admin:index')})}")
