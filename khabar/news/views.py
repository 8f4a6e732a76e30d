from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect

from .selectors import article_get_published


def article_short_url(request: HttpRequest, pk: int) -> HttpResponsePermanentRedirect:
    """/a/<id>/: a short, stable link to an article, whatever its slug becomes."""
    article = article_get_published(pk=pk)
    if article is None:
        raise Http404("No such article.")
    url = article.get_url(request)
    if not url:
        raise Http404("No such article.")
    return HttpResponsePermanentRedirect(url)
