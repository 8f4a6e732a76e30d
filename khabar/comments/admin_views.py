"""Admin views beside the moderation queue: reply as staff, close an article."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin import messages

from . import services
from .models import Comment


class StaffReplyForm(forms.Form):
    body = forms.CharField(
        label="نص الرد",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "اكتب نص الرد قبل النشر من فضلك."},
    )


def _queue_url() -> str:
    return reverse("wagtailsnippets_comments_comment:list")


@permission_required("comments.change_comment", raise_exception=True)
def reply(request, pk: int):
    parent = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    form = StaffReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.comment_reply_as_staff(
            parent=parent, body=form.cleaned_data["body"], by=request.user
        )
        messages.success(request, "نُشر ردّك باسم فريق التحرير.")
        return redirect(_queue_url())
    return TemplateResponse(
        request,
        "comments/admin/reply.html",
        {"parent": parent, "form": form, "queue_url": _queue_url()},
    )


@permission_required("comments.change_comment", raise_exception=True)
def close_article(request, pk: int):
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    article = comment.article
    if not request.user.has_perm("wagtailcore.change_page") and not (
        article.permissions_for_user(request.user).can_edit()
    ):
        messages.error(request, "لا تملك صلاحية تعديل هذا المقال.")
        return redirect(_queue_url())
    if request.method == "POST":
        services.comments_set_open(article=article, is_open=not article.comments_open)
        if article.comments_open:
            messages.success(request, f"فُتح باب التعليق على «{article.title}».")
        else:
            messages.success(request, f"أُغلق باب التعليق على «{article.title}».")
        return redirect(_queue_url())
    return TemplateResponse(
        request,
        "comments/admin/close.html",
        {"article": article, "comment": comment, "queue_url": _queue_url()},
    )
