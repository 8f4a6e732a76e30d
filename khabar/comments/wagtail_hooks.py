"""The moderation queue in the Wagtail admin: filters, score and reasons per row,
bulk approve / spam / not spam / trash, edit, reply as staff, close an article.

Every write goes through ``khabar.comments.services``, so moderators' decisions
retrain the spam classifier and tell the page cache what changed.
"""

from __future__ import annotations

import django_filters
from django.urls import path, reverse
from django.utils.functional import cached_property, classproperty
from django.utils.http import urlencode
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from khabar.news.models import ArticlePage

from . import admin_views, services
from .models import BlockedTerm, Comment


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="الحالة", choices=Comment.Status.choices, empty_label="الكل"
    )
    article = django_filters.ModelChoiceFilter(
        label="المقال",
        queryset=lambda request: ArticlePage.objects.filter(
            comments__isnull=False
        ).distinct(),
    )
    created_at = django_filters.DateFromToRangeFilter(
        label="التاريخ", widget=DateRangePickerWidget
    )

    class Meta:
        model = Comment
        fields = ["status", "article", "created_at"]


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Moderators edit and moderate comments; only readers (and replies) add them."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class CommentEditView(EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.comment_edit(
            comment=self.form.instance,
            body=data["body"],
            author_name=data["author_name"],
            author_url=data.get("author_url", ""),
            by=self.request.user,
        )


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "التعليقات"
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_view_class = CommentEditView
    filterset_class = CommentFilterSet
    list_per_page = 50
    ordering = ["-created_at"]
    search_fields = ["body", "author_name"]
    list_display = [
        "__str__",
        Column("article", label="المقال"),
        Column("status", label="الحالة", accessor="get_status_display"),
        Column("score", label="الدرجة", accessor="score_display", sort_key="score"),
        Column("reasons", label="الأسباب", accessor="reasons_summary"),
        DateColumn("created_at", label="التاريخ", sort_key="created_at"),
    ]
    inspect_view_fields = [
        "article",
        "author_name",
        "author_email",
        "author_url",
        "body",
        "status",
        "score",
        "reasons_summary",
        "created_at",
        "moderated_at",
    ]

    @cached_property
    def menu_url(self):
        return reverse(self.get_url_name("list")) + "?status=pending"

    def get_queryset(self, request):
        return Comment.objects.select_related("article")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("reply/<int:pk>/", admin_views.reply, name="reply"),
            path("close/<int:pk>/", admin_views.close_article, name="close"),
        ]


register_permission_policy(Comment, CommentPermissionPolicy(Comment))
register_snippet(CommentViewSet)


class BlockedTermViewSet(SnippetViewSet):
    model = BlockedTerm
    icon = "cross"
    menu_label = "المصطلحات المحظورة"
    list_display = ["value", "kind", "note"]
    list_filter = ["kind"]


register_snippet(BlockedTermViewSet)


# --- Bulk actions (also used, with one id, by the per-row buttons) ---------------


class CommentBulkAction(SnippetBulkAction):
    template_name = "comments/admin/confirm_bulk_action.html"
    moderation_action: services.Action = "approve"
    action_priority = 10
    question = ""
    done = ""

    @classproperty
    def models(cls):
        return [Comment]

    def check_perm(self, obj):
        return self.request.user.has_perm("comments.change_comment")

    @classmethod
    def execute_action(cls, objects, **kwargs):
        view = kwargs["self"]
        count = services.comments_moderate(
            comments=objects, action=cls.moderation_action, by=view.request.user
        )
        return count, 0

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "question": self.question}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return self.done.format(count=num_parent_objects)


@hooks.register("register_bulk_action")
class ApproveBulkAction(CommentBulkAction):
    display_name = "موافقة"
    action_type = "approve"
    aria_label = "الموافقة على التعليقات المحددة"
    moderation_action = "approve"
    question = "هل تريد نشر هذه التعليقات؟ سيتعلّم المرشّح أنها ليست مزعجة."
    done = "نُشر {count} تعليق."


@hooks.register("register_bulk_action")
class SpamBulkAction(CommentBulkAction):
    display_name = "مزعج"
    action_type = "spam"
    aria_label = "نقل التعليقات المحددة إلى مجلد الرسائل المزعجة"
    moderation_action = "spam"
    classes = {"serious"}
    question = "هل تريد نقل هذه التعليقات إلى مجلد الرسائل المزعجة؟ سيتعلّم المرشّح منها."
    done = "نُقل {count} تعليق إلى مجلد الرسائل المزعجة."


@hooks.register("register_bulk_action")
class NotSpamBulkAction(CommentBulkAction):
    display_name = "ليس مزعجاً"
    action_type = "not_spam"
    aria_label = "إخراج التعليقات المحددة من مجلد الرسائل المزعجة ونشرها"
    moderation_action = "not_spam"
    question = "هل تريد نشر هذه التعليقات وإخبار المرشّح أنها ليست مزعجة؟"
    done = "نُشر {count} تعليق وتعلّم المرشّح أنها ليست مزعجة."


@hooks.register("register_bulk_action")
class TrashBulkAction(CommentBulkAction):
    display_name = "سلة المهملات"
    action_type = "trash"
    aria_label = "نقل التعليقات المحددة إلى سلة المهملات"
    moderation_action = "trash"
    classes = {"serious"}
    question = (
        "هل تريد نقل هذه التعليقات إلى سلة المهملات؟ تُحذف نهائياً بعد مدة الاحتفاظ."
    )
    done = "نُقل {count} تعليق إلى سلة المهملات."


def _bulk_url(action: str, comment: Comment, next_url: str) -> str:
    base = reverse("wagtail_bulk_action", args=("comments", "comment", action))
    return f"{base}?{urlencode({'id': comment.pk, 'next': next_url})}"


@hooks.register("register_snippet_listing_buttons")
def comment_listing_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Comment) or not user.has_perm("comments.change_comment"):
        return []
    next_url = next_url or reverse(Comment.snippet_viewset.get_url_name("list"))
    buttons = []
    if snippet.status != Comment.Status.APPROVED:
        action = "not_spam" if snippet.status == Comment.Status.SPAM else "approve"
        label = "ليس مزعجاً" if action == "not_spam" else "موافقة"
        buttons.append(
            ListingButton(label, _bulk_url(action, snippet, next_url), priority=10)
        )
    if snippet.status != Comment.Status.SPAM:
        buttons.append(
            ListingButton("مزعج", _bulk_url("spam", snippet, next_url), priority=20)
        )
    if snippet.status != Comment.Status.TRASH:
        buttons.append(
            ListingButton(
                "سلة المهملات", _bulk_url("trash", snippet, next_url), priority=30
            )
        )
    buttons.append(
        ListingButton(
            "ردّ باسم التحرير",
            reverse(Comment.snippet_viewset.get_url_name("reply"), args=[snippet.pk]),
            priority=40,
        )
    )
    buttons.append(
        ListingButton(
            "باب التعليق على المقال",
            reverse(Comment.snippet_viewset.get_url_name("close"), args=[snippet.pk]),
            priority=50,
        )
    )
    return buttons
