"""Arabic error pages that never need the database to render."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

# Errors that mean "the database is away for a moment" (restart, failover,
# SQLite busy beyond its timeout), not "the code is wrong".
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    body = loader.render_to_string("404.html", {"request_path": request.path}, request)
    return HttpResponse(body, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with Retry-After while the database is unreachable.

    Django calls this inside its exception handler, so the exception being
    handled is the one that broke the request.
    """
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE_ERRORS) or (
        isinstance(error, DatabaseError) and "connection" in str(error).lower()
    ):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "10"
        response["Cache-Control"] = "no-store"
        return response
    # No request context: the database or cache may be what failed.
    return HttpResponse(loader.render_to_string("500.html"), status=500)
