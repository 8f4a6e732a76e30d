"""Editorial workflow: who may publish, moderation, scheduling, previews."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Workflow

from khabar.news.services import GROUP_ADMINS, GROUP_EDITORS, GROUP_WRITERS
from tests.factories.news import ArticlePageFactory

pytestmark = pytest.mark.django_db


def _user(name: str, group: str):
    user = get_user_model().objects.create_user(name, f"{name}@example.invalid", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


def test_writers_draft_but_cannot_publish(section):
    writer = _user("writer", GROUP_WRITERS)
    editor = _user("editor", GROUP_EDITORS)
    admin = _user("boss", GROUP_ADMINS)
    article = ArticlePageFactory(parent=section)
    writer_perms = article.permissions_for_user(writer)
    assert writer_perms.can_edit()
    assert not writer_perms.can_publish()
    assert not writer_perms.can_unpublish()
    assert section.permissions_for_user(writer).can_add_subpage()
    editor_perms = article.permissions_for_user(editor)
    assert editor_perms.can_publish() and editor_perms.can_unpublish()
    assert article.permissions_for_user(admin).can_publish()
    assert writer.has_perm("wagtailadmin.access_admin")


def test_default_moderation_workflow_is_approved_by_editors(section):
    workflow = Workflow.objects.get(active=True)
    assert section.get_workflow() == workflow
    task = GroupApprovalTask.objects.get(workflow_tasks__workflow=workflow)
    assert task.groups.filter(name=GROUP_EDITORS).exists()


def test_writer_submits_and_editor_approves(section):
    writer = _user("writer2", GROUP_WRITERS)
    editor = _user("editor2", GROUP_EDITORS)
    article = ArticlePageFactory(parent=section, live=False, title="للمراجعة")
    article.save_revision(user=writer)
    workflow = article.get_workflow()
    state = workflow.start(article, writer)
    assert article.workflow_in_progress
    task = state.current_task_state.task.specific
    assert task.user_can_access_editor(article, editor)
    assert not task.get_actions(article, writer)
    state.current_task_state.task.specific.on_action(
        state.current_task_state, editor, "approve"
    )
    article.refresh_from_db()
    assert article.live


def test_scheduled_publishing_goes_live_at_its_minute(client, section):
    article = ArticlePageFactory(parent=section, live=False, title="خبر مجدول")
    article.go_live_at = timezone.now() + timedelta(minutes=1)
    revision = article.save_revision()
    revision.publish()  # a go-live in the future schedules instead of publishing
    article.refresh_from_db()
    assert not article.live
    call_command("publish_scheduled")
    article.refresh_from_db()
    assert not article.live
    assert client.get(f"/a/{article.pk}/").status_code == 404
    # The minute arrives.
    later = timezone.now() + timedelta(minutes=1, seconds=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live
    assert client.get(f"/a/{article.pk}/").status_code == 301


def test_preview_is_for_editors_only(client, section):
    article = ArticlePageFactory(parent=section, live=False, title="مسودة للمعاينة")
    preview = f"/admin/pages/{article.pk}/view_draft/"
    response = client.get(preview)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    editor = _user("editor3", GROUP_EDITORS)
    client.force_login(editor)
    response = client.get(preview)
    assert response.status_code == 200
    assert "مسودة للمعاينة" in response.content.decode()


def test_admin_speaks_arabic_right_to_left(client, db):
    admin = get_user_model().objects.create_superuser("root", "r@example.invalid", "pw")
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert 'lang="ar"' in html and 'dir="rtl"' in html
