"""JSON answers for addresses under /api/ that match no endpoint."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # it changes nothing; a POST should get the JSON 404 too
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    # The site's 404 is an Arabic HTML page; API clients get JSON. Both error
    # spellings: Wagtail API v2 answers {"message"}, plain DRF views {"detail"}.
    return JsonResponse({"message": "not found", "detail": "Not found."}, status=404)
