"""Who is asking: the client's address, read one way everywhere (the audit trail, the sign-in
lockout, the activation throttle).

By default it is ``REMOTE_ADDR``, the address that opened the connection. Behind a reverse proxy
that is the proxy, so a clinic sets ``CLIENT_IP_HEADER`` to the header *its* proxy writes (e.g.
``X-Real-IP``, or ``X-Forwarded-For``, of which the last address is the one the proxy saw). Any
other header is ignored: a client can send ``X-Forwarded-For`` itself, so it is never trusted by
default.
"""

import ipaddress
from contextvars import ContextVar

from django.conf import settings

_current: ContextVar[str | None] = ContextVar("client_ip", default=None)


def _meta_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def client_ip(request) -> str:
    """The client's address for ``request``: a valid IP address, or "0.0.0.0" when none."""
    value = ""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        # The last entry is the one the trusted proxy added; earlier ones the client may forge.
        value = request.META.get(_meta_key(header), "").split(",")[-1].strip()
    if not value:
        value = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return "0.0.0.0"  # noqa: S104 - a key for counting, not an address to bind


def current_client_ip() -> str | None:
    """The address of the request being served in this thread or task, if any."""
    return _current.get()


class ClientAddressMiddleware:
    """Remembers the client's address for the length of each request, so records written deep
    in a service (the audit trail) carry it without every caller passing the request down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
