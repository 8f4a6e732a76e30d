"""The optional read replica (khabar/core/db.py): anonymous page views read from
it, editors and writes use the primary, and so does every reader right after a
publish, so that a lagging replica's old rows never enter the page cache.

The "replica" here is a second connection to the test database (on PostgreSQL a
real second session): what is checked is which connection each query uses.
"""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from khabar.core.models import SiteSettings
from tests.factories.news import ArticlePageFactory

# Committed data only: the replica connection cannot see a test's transaction.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica(settings):
    settings.DATABASE_ROUTERS = ["khabar.core.db.ReplicaRouter"]
    return connections["replica"]


@pytest.fixture
def story(home, section):
    SiteSettings.for_site(home.get_site())
    return ArticlePageFactory(parent=section, title="خبر من النسخة المتماثلة")


def reads(client, url, **extra):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as copy,
    ):
        response = client.get(url, **extra)
    assert response.status_code == 200
    # Where the story itself was read from (get_or_create-style lookups are
    # writes as far as Django's router is concerned and use the primary).
    story_reads = lambda captured: [  # noqa: E731
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and '"news_articlepage"' in q["sql"]
    ]
    return response, story_reads(primary), story_reads(copy)


def test_anonymous_readers_read_from_the_replica(replica, settings, client, story):
    settings.KHABAR_REPLICA_AFTER_PURGE_SECONDS = 0
    response, primary, copy = reads(client, story.url)
    assert "خبر من النسخة المتماثلة" in response.content.decode()
    assert copy and not primary


def test_editors_and_writes_use_the_primary(
    replica, settings, client, story, admin_user
):
    settings.KHABAR_REPLICA_AFTER_PURGE_SECONDS = 0
    client.force_login(admin_user)
    _, primary, copy = reads(client, story.url)
    assert primary and not copy
    client.logout()
    with CaptureQueriesContext(connections["replica"]) as copy:
        client.post(
            f"/comments/post/{story.pk}/",
            {"name": "قارئ", "email": "r@example.com", "body": "تعليق"},
        )
    assert not [q for q in copy.captured_queries if not q["sql"].startswith("SELECT")]


def test_readers_use_the_primary_right_after_a_publish(
    replica, settings, client, story
):
    settings.KHABAR_REPLICA_AFTER_PURGE_SECONDS = 60
    story.title = "عنوان بعد النشر"
    story.save_revision().publish()  # purges: the replica may not have it yet
    response, primary, copy = reads(client, story.url)
    assert "عنوان بعد النشر" in response.content.decode()
    assert primary and not copy
