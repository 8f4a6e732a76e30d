"""Arabic error pages that never need the database to render."""

from django.http import HttpRequest, HttpResponse
from django.template import loader


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    body = loader.render_to_string("404.html", {"request_path": request.path}, request)
    return HttpResponse(body, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the database or cache may be what failed.
    return HttpResponse(loader.render_to_string("500.html"), status=500)
