"""Reader-facing comment views: post a comment (HTML or JSON), the privacy page.

Thin: parse the request, call ``services.comment_submit``, answer. Without
JavaScript the answer is a redirect to the comment's anchor (or to the
"held for moderation" notice), or the article page again with the errors and
everything the reader typed. With JavaScript (``Accept: application/json``)
the same outcomes come back as JSON.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from khabar.core.auth import client_ip
from khabar.core.dates import to_digits
from khabar.core.models import SiteSettings
from khabar.news.selectors import article_get_published

from . import selectors, services
from .forms import HONEYPOT_FIELD, CommentForm, rendered_at_from_token


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@require_POST
def comment_post(request: HttpRequest, article_id: int) -> HttpResponse:
    article = article_get_published(pk=article_id)
    if article is None:
        raise Http404("No such article.")
    post = request.POST
    rendered_at = rendered_at_from_token(post.get("rendered", ""))
    result = services.comment_submit(
        article=article,
        author_name=post.get("author_name", ""),
        author_email=post.get("author_email", ""),
        author_url=post.get("author_url", ""),
        body=post.get("body", ""),
        parent_id=_int_or_none(post.get("parent")),
        ip=client_ip(request),
        honeypot=post.get(HONEYPOT_FIELD, ""),
        # A missing or forged timestamp counts as "submitted at once".
        rendered_at=rendered_at if rendered_at is not None else time.time(),
    )
    if _wants_json(request):
        return _json_answer(request, article, result)
    if result.ok:
        url = article.get_url(request)
        if result.published:
            return redirect(f"{url}#comment-{result.comment.pk}")
        return redirect(f"{url}?comment=held#comments-notice")
    form = CommentForm(data={**result.values, "rendered": post.get("rendered", "")})
    form.is_valid()
    for message in result.errors.get(services.NON_FIELD, []):
        form.add_error(None, message)
    context = article.get_context(request)
    context["comment_form"] = form
    context["comment_message"] = result.message
    status = 429 if result.rate_limited else 400
    return TemplateResponse(
        request, article.get_template(request), context, status=status
    )


def _json_answer(request, article, result: services.SubmitResult) -> JsonResponse:
    if not result.ok:
        return JsonResponse(
            {"ok": False, "message": result.message, "errors": result.errors},
            status=429 if result.rate_limited else 400,
        )
    count = selectors.comment_count_for_article(article=article)
    digits = SiteSettings.for_request(request).digit_style
    data = {
        "ok": True,
        "status": result.public_status,
        "message": result.message,
        "count": count,
        "count_text": to_digits(str(count), digits),
    }
    if result.published:
        public = selectors.comment_public_get(comment_id=result.comment.pk)
        data.update(
            anchor=public.anchor,
            parent_id=public.parent_id,
            html=render_to_string(
                "comments/includes/comment.html",
                {"comment": public, "article": article, "request": request},
                request=request,
            ),
        )
    return JsonResponse(data, status=201)


def privacy(request: HttpRequest) -> HttpResponse:
    """What the comment form stores, for how long, and that nothing leaves the site."""
    return render(
        request,
        "comments/privacy.html",
        {
            "retention_days": settings.KHABAR_COMMENTS_RETENTION_DAYS,
            "rate_window_minutes": max(settings.KHABAR_COMMENTS_RATE_WINDOW // 60, 1),
            "uses_remote_backend": any(
                "dummy" not in entry["BACKEND"]
                for entry in getattr(settings, "KHABAR_SPAM_BACKENDS", [])
            ),
        },
    )
