"""Storing, reviewing and applying spelling-variant groups; search integration."""

import pytest
from django.urls import reverse

from khabar.search.selectors import article_search
from khabar.spelling import services
from khabar.spelling.discovery import CorpusStats, discover
from khabar.spelling.models import VariantGroup, VariantTerm
from khabar.spelling.selectors import (
    VERSION_KEY,
    expand_terms,
    query_alternatives,
    suggest,
    term_alternatives,
)

pytestmark = pytest.mark.django_db


def _texts():
    docs = []
    for i in range(30):
        name = "ترامب" if i % 3 else "ترمب"
        docs.append(
            f"قال الرئيس الأمريكي دونالد {name} في البيت الأبيض إن واشنطن "
            f"ستفرض عقوبات جديدة على طهران. وأضاف {name} أن الإدارة مستعدة."
        )
    return docs


@pytest.fixture
def trump_group():
    services.variants_rebuild(texts=_texts())
    return VariantGroup.objects.get(canonical="ترامب")


def _apply_changes(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks(execute=True)


def test_rebuild_stores_a_suggestion_with_evidence(trump_group):
    assert trump_group.status == VariantGroup.Status.SUGGESTED
    assert trump_group.source == VariantGroup.Source.AUTO
    assert trump_group.spellings() == ["ترامب", "ترمب"]
    assert trump_group.evidence["pairs"][0]["context"] > 0
    assert "دونالد" in trump_group.evidence["context"]


def test_confident_suggestion_applies_and_typed_term_comes_first(trump_group):
    assert trump_group.confidence >= 0.7
    assert term_alternatives("ترمب") == ["ترامب"]
    assert expand_terms(["ترمب", "حرب"]) == [["ترمب", "ترامب"], ["حرب"]]


def test_a_search_reads_the_groups_version_once_with_its_own_reads(
    trump_group, monkeypatch, settings
):
    """The version lives in the shared cache (a Redis round trip in
    production): one read per search, not one per word, and in the same
    batch (one round trip) as search's own index statistics. ("Did you mean",
    off here, reads it once more, and only when a search finds little.)"""
    from django.core.cache import cache

    from khabar.search.services import STATS_CACHE_KEY

    settings.KHABAR_SEARCH_SUGGESTER = ""
    assert query_alternatives(["ترمب", "حرب", "بوتين"]) == [["ترامب"], [], []]
    article_search(query="ترمب")  # the statistics are in the cache now
    trips: list[list[str]] = []  # the keys of each call to the cache
    get, get_many = cache.get, cache.get_many
    inside: list[bool] = []  # (local memory's get_many loops over get)

    def counting_get(key, *args, **kwargs):
        if not inside:
            trips.append([key])
        return get(key, *args, **kwargs)

    def counting_get_many(keys, *args, **kwargs):
        trips.append(list(keys))
        inside.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(cache, "get", counting_get)
    monkeypatch.setattr(cache, "get_many", counting_get_many)
    found = article_search(query="ترمب في البيت الأبيض يهدد طهران")
    assert [t.alternatives for t in found.parsed.positive_terms()][0]  # expanded
    with_version = [keys for keys in trips if VERSION_KEY in keys]
    assert with_version == [[STATS_CACHE_KEY, VERSION_KEY]]
    assert not [keys for keys in trips if STATS_CACHE_KEY in keys and len(keys) == 1]


def test_rejected_group_no_longer_applies_and_survives_rebuild(
    trump_group, django_capture_on_commit_callbacks
):
    with _apply_changes(django_capture_on_commit_callbacks):
        services.group_reject(group=trump_group)
    assert term_alternatives("ترمب") == []
    with _apply_changes(django_capture_on_commit_callbacks):
        services.variants_rebuild(texts=_texts())
    assert VariantGroup.objects.filter(canonical="ترامب").count() == 1
    assert term_alternatives("ترمب") == []


def test_low_confidence_suggestion_applies_only_once_accepted(
    trump_group, django_capture_on_commit_callbacks, settings
):
    settings.KHABAR_SPELLING_AUTO_CONFIDENCE = 1.01
    with _apply_changes(django_capture_on_commit_callbacks):
        services.variants_changed()
    assert term_alternatives("ترمب") == []
    with _apply_changes(django_capture_on_commit_callbacks):
        services.group_accept(group=trump_group)
    assert term_alternatives("ترمب") == ["ترامب"]


def test_editor_group_applies_at_once(django_capture_on_commit_callbacks):
    with _apply_changes(django_capture_on_commit_callbacks):
        group = services.group_add(spellings=["غوغل", "جوجل", "قوقل"], display="غوغل")
    assert group.status == VariantGroup.Status.ACCEPTED
    assert term_alternatives("جوجل") == ["غوغل", "قوقل"]


def test_editor_group_needs_two_single_words():
    with pytest.raises(services.GroupError):
        services.group_add(spellings=["غوغل"])
    with pytest.raises(services.GroupError):
        services.group_add(spellings=["غوغل", "محرك بحث"])


def test_did_you_mean_proposes_the_usual_spelling(trump_group):
    assert suggest(query="تصريحات ترمب") == "تصريحات ترامب"
    assert suggest(query="وترمب") == "وترامب"
    assert suggest(query="تصريحات ترامب") is None


def test_native_words_are_not_grouped():
    docs = [f"كتب الصحفي مقالا في الجريدة رقم {i} وكتبها وكتبوا" for i in range(20)]
    docs += [f"معرض الكتاب الدولي {i} عرض كتابه وكتابها" for i in range(20)]
    stats = CorpusStats()
    for d in docs:
        stats.add_text(d)
    services.variants_save(groups=discover(stats), stats=stats)
    assert not VariantTerm.objects.filter(term__in=["كتب", "كتاب"]).exists()


def test_search_finds_other_spelling_and_ranks_typed_first(
    trump_group, make_article, django_capture_on_commit_callbacks
):
    with _apply_changes(django_capture_on_commit_callbacks):
        services.variants_changed()
    make_article("ترامب يزور اليابان", "زيارة رسمية إلى طوكيو.")
    make_article("ترمب يزور اليابان", "زيارة رسمية إلى طوكيو.")
    hits = article_search(query="ترمب").hits
    assert [h.article.title for h in hits] == [
        "ترمب يزور اليابان",
        "ترامب يزور اليابان",
    ]
    hits = article_search(query="ترامب").hits
    assert hits[0].article.title == "ترامب يزور اليابان"


def test_search_page_and_api_offer_did_you_mean(trump_group, make_article, client):
    make_article("ترامب يزور اليابان", "زيارة رسمية إلى طوكيو.")
    page = client.get("/search/", {"q": "ترمب"})
    assert "هل تقصد" in page.content.decode()
    data = client.get("/api/search/", {"q": "ترمب"}).json()
    assert data["suggestion"] == "ترامب"
    assert client.get("/api/search/", {"q": "ترامب"}).json()["suggestion"] == ""


def test_publishing_suggests_a_new_spelling_of_a_known_name(trump_group, make_article):
    make_article(
        "ترامپ في البيت الأبيض",
        "قال الرئيس الأمريكي دونالد ترامپ في البيت الأبيض إن واشنطن ستفرض عقوبات.",
    )
    new = VariantTerm.objects.filter(term="ترامپ").select_related("group").get()
    assert new.group.status == VariantGroup.Status.SUGGESTED
    assert new.group.canonical == "ترامب"
    assert {"دونالد", "بيت"} & set(new.group.evidence["shared_context"])


def test_admin_lists_and_reviews_groups(trump_group, admin_client):
    index = admin_client.get(reverse("spelling_admin:index"))
    assert index.status_code == 200
    assert "ترمب" in index.content.decode()
    url = reverse("spelling_admin:review", args=[trump_group.pk, "accept"])
    assert admin_client.post(url).status_code == 302
    trump_group.refresh_from_db()
    assert trump_group.status == VariantGroup.Status.ACCEPTED
    admin_client.post(
        reverse("spelling_admin:add"), {"spellings": "سامسونغ، سامسونج", "display": ""}
    )
    assert VariantGroup.objects.filter(canonical="سامسونغ").exists()


def test_admin_needs_the_review_permission(client, django_user_model):
    user = django_user_model.objects.create_user("writer", password="x")
    client.force_login(user)
    response = client.get(reverse("spelling_admin:index"))
    assert response.status_code in (302, 403)


def test_expansion_still_works_without_a_cache(trump_group, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    assert term_alternatives("ترمب") == ["ترامب"]
    assert suggest(query="ترمب") == "ترامب"
