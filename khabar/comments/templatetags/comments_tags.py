"""The comment thread and form under an article (thin: selectors + the form)."""

from __future__ import annotations

from typing import Any

from django import template

from khabar.comments import selectors
from khabar.comments.forms import CommentForm
from khabar.comments.services import MSG_HELD

register = template.Library()

FORM_FIELDS = ("author_name", "author_email", "author_url", "body")


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@register.inclusion_tag("comments/includes/section.html", takes_context=True)
def comments_section(context: template.Context, article: Any) -> dict:
    request = context.get("request")
    query = request.GET if request is not None else {}
    form = context.get("comment_form")
    notice, notice_kind = context.get("comment_message", ""), "error"
    if form is None:
        form = CommentForm(initial={"parent": _int(query.get("replyto"))})
        notice, notice_kind = ("", "")
        if query.get("comment") == "held":
            notice, notice_kind = MSG_HELD, "held"
    for name in FORM_FIELDS:
        if form.is_bound and form.errors.get(name):
            form.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": f"errors-{name}"}
            )
    thread = selectors.comment_list_for_article(article=article)
    parent_id = _int(form["parent"].value())
    reply_to = selectors.comment_public_get(comment_id=parent_id) if parent_id else None
    return {
        "article": article,
        "request": request,
        "thread": thread,
        "form": form,
        "fields": [form[name] for name in FORM_FIELDS],
        "reply_to": reply_to,
        "notice": notice,
        "notice_kind": notice_kind,
    }


@register.simple_tag
def comment_count(article: Any) -> int:
    """Approved comments on ``article``, for cards and headers."""
    return selectors.comment_count_for_article(article=article)
