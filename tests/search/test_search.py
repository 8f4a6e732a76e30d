"""Search as a reader uses it: every spelling, phrases, exclusions, filters, pages."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from wagtail.models import Page

from khabar.search.models import RankingRow, SearchDocument
from khabar.search.query import index_terms
from khabar.search.ranking import term_counts
from khabar.search.selectors import article_search
from tests.factories.news import AuthorFactory, SectionPageFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def titles(query, **kw):
    return [h.article.title for h in article_search(query=query, now=NOW, **kw).hits]


@pytest.fixture
def stories(make_article):
    return {
        "intel": make_article(
            "الاستخبارات تعتقل مسؤولين",
            "قالت مصادر إن الأجهزة اعتقلت المسؤولين في المدينة.",
        ),
        "body": make_article(
            "اجتماع أمني في العاصمة",
            "ناقش الاجتماع تقارير الإستخبارات والأمن القومي.",
        ),
        "hospital": make_article(
            "افتتاح مستشفى جديد", "افتتحت وزارة الصحة المستشفى في مدينة حماة."
        ),
        "sport": make_article("مباراة حاسمة في الدوري", "فاز الفريق على منافسه."),
    }


@pytest.mark.parametrize(
    "query",
    [
        "الاستخبارات",
        "الإستخبارات",
        "استخبارات",
        "والاستخبارات",
        "بالاستخبارات",
        "الاستِخبَارات",
        "الاستخبـــارات",
    ],
)
def test_every_spelling_finds_the_word(stories, query):
    assert titles(query) == ["الاستخبارات تعتقل مسؤولين", "اجتماع أمني في العاصمة"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("المسئولين", "الاستخبارات تعتقل مسؤولين"),  # ئ / ؤ hamza seats
        ("مستشفي", "افتتاح مستشفى جديد"),  # ى / ي
        ("حماه", "افتتاح مستشفى جديد"),  # ة / ه
        ("لمستشفى", "افتتاح مستشفى جديد"),  # added clitic
    ],
)
def test_spelling_variants(stories, query, expected):
    assert titles(query) == [expected]


def test_title_match_ranks_above_body_match(stories):
    results = article_search(query="استخبارات", now=NOW)
    assert results.hits[0].article == stories["intel"]
    assert results.hits[0].score > results.hits[1].score


def test_phrase_and_exclusion(stories):
    assert titles('"الأمن القومي"') == ["اجتماع أمني في العاصمة"]
    assert titles('"القومي الأمن"') == []
    assert titles("استخبارات -اجتماع") == ["الاستخبارات تعتقل مسؤولين"]
    assert titles('استخبارات -"الأمن القومي"') == ["الاستخبارات تعتقل مسؤولين"]


def test_phrase_never_spans_title_and_body(make_article):
    make_article("زيارة رسمية", "وزير الخارجية يصل")
    assert titles('"رسمية وزير"') == []
    assert titles('"وزير الخارجية"') == ["زيارة رسمية"]


def test_all_words_must_match(stories):
    assert titles("مستشفى حماة") == ["افتتاح مستشفى جديد"]
    assert titles("مستشفى الدوري") == []


def test_freshness_boost_prefers_the_recent_story(make_article):
    old = make_article("زلزال في تركيا", published_at=NOW - timedelta(days=400))
    new = make_article("زلزال في تركيا", published_at=NOW - timedelta(days=1))
    results = article_search(query="زلزال", now=NOW)
    assert [h.article for h in results.hits] == [new, old]


def test_filters_section_author_dates(make_article, home, section):
    sport = SectionPageFactory(parent=home, title="رياضة", slug="sport")
    author = AuthorFactory(name="سلمى")
    a = make_article("انتخابات بلدية", published_at=datetime(2024, 1, 10, tzinfo=UTC))
    b = make_article(
        "انتخابات النادي", parent=sport, published_at=datetime(2024, 3, 1, tzinfo=UTC)
    )
    b.authors.add(author)
    b.save_revision().publish()
    assert titles("انتخابات", section=sport) == ["انتخابات النادي"]
    assert titles("انتخابات", section=section) == ["انتخابات بلدية"]
    assert titles("انتخابات", author=author) == ["انتخابات النادي"]
    assert titles("انتخابات", date_from=date(2024, 2, 1)) == ["انتخابات النادي"]
    assert titles("انتخابات", date_to=date(2024, 1, 10)) == ["انتخابات بلدية"]
    assert a.pk != b.pk


def test_pagination_covers_every_match_once(make_article, monkeypatch):
    from khabar.search import selectors

    monkeypatch.setattr(selectors, "CANDIDATES", 5)
    monkeypatch.setattr(selectors, "TITLE_CANDIDATES", 2)
    for n in range(13):
        make_article(
            f"قمة عربية {n}" if n % 4 == 3 else f"خبر {n}",
            "انعقدت القمة العربية",
            published_at=NOW - timedelta(days=n),
        )
    seen = []
    for page in (1, 2, 3):
        results = article_search(query="قمة", page=page, per_page=5, now=NOW)
        assert results.count == 13 and results.num_pages == 3
        seen += [h.article.pk for h in results.hits]
    assert len(seen) == len(set(seen)) == 13
    # Title matches are in the ranked set even when older than the candidates.
    first = [
        h.article.title for h in article_search(query="قمة", per_page=2, now=NOW).hits
    ]
    assert first == ["قمة عربية 3", "قمة عربية 7"]
    assert article_search(query="قمة", page=9, now=NOW).hits == []


def test_when_few_stories_match_each_is_ranked_not_only_the_newest(
    make_article, monkeypatch
):
    """Up to CANDIDATES + TITLE_CANDIDATES matches are all ranked, so an
    older story about the words comes first although it is not among the
    newest matches and its title lacks them; beyond that, the newest are."""
    from khabar.search import selectors

    monkeypatch.setattr(selectors, "CANDIDATES", 2)
    monkeypatch.setattr(selectors, "TITLE_CANDIDATES", 2)
    make_article(
        "تقرير موسع",
        "أزمة المياه تتفاقم. أزمة المياه في الريف. حلول أزمة المياه.",
        published_at=NOW - timedelta(hours=4),
    )
    for n in range(3):
        make_article(
            f"خبر {n}", "ذكر التقرير أزمة عابرة.", published_at=NOW - timedelta(hours=n)
        )
    results = article_search(query="أزمة المياه", now=NOW)
    assert results.count == 1  # both words: the report alone
    results = article_search(query="أزمة", now=NOW)
    assert results.count == 4
    assert results.hits[0].article.title == "تقرير موسع"

    make_article("خبر 3", "أزمة أخرى.", published_at=NOW - timedelta(hours=3))
    results = article_search(query="أزمة", now=NOW)
    assert results.count == 5  # more than 4: the two newest, then by date
    assert [h.article.title for h in results.hits] == [
        "خبر 0",
        "خبر 1",
        "خبر 2",
        "خبر 3",
        "تقرير موسع",
    ]


def test_many_matches_cost_no_more_statements_than_few(make_article, monkeypatch):
    """The newest matches, the newest title matches and the count come from
    one statement, however many stories match (it had been one statement per
    list once the matches outnumbered the candidates). On SQLite a search
    first asks FTS5 for at most ``every + 1`` ids, which is the whole answer
    when few match: one statement more only when many do."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from khabar.search import selectors

    monkeypatch.setattr(selectors, "CANDIDATES", 5)
    monkeypatch.setattr(selectors, "TITLE_CANDIDATES", 2)
    for n in range(12):
        make_article(f"قمة عربية {n}", "انعقدت القمة", published_at=NOW - timedelta(n))
    make_article("مؤتمر المناخ", "انعقد مؤتمر المناخ", published_at=NOW)

    def statements(query):
        article_search(query=query, now=NOW, per_page=5)  # warm: statistics, caches
        with CaptureQueriesContext(connection) as queries:
            results = article_search(query=query, now=NOW, per_page=5)
        return len(queries), results.count

    many, many_count = statements("قمة")
    few, few_count = statements("مناخ")
    assert (many_count, few_count) == (12, 1)
    assert many == few + (connection.vendor == "sqlite")


@pytest.mark.parametrize("matching", [3, 4, 5, 9])
def test_candidates_are_every_match_or_the_newest_lists(make_article, matching):
    """Up to ``every`` matches, the candidates are every match (SQLite takes
    them from FTS5 alone, without dates or sorting); beyond, the newest
    ``limit`` and the newest ``title_limit`` with the words in the title.
    Either way the count is every match. Checked against the matches sorted
    by the ORM, on either side of the bound."""
    from khabar.search.backends import get_backend, newest_order
    from khabar.search.models import SearchDocument
    from khabar.search.query import parse_query

    for n in range(matching):
        title = f"سد النهضة {n}" if n % 3 == 2 else f"خبر {n}"
        make_article(title, "مفاوضات السد", published_at=NOW - timedelta(n))
    make_article("مؤتمر المناخ", "انعقد مؤتمر المناخ", published_at=NOW)
    backend, query = get_backend(), parse_query("السد")
    base = SearchDocument.objects.all()
    newest = list(
        newest_order(backend.filter(base, query)).values_list("pk", flat=True)
    )
    in_title = list(
        newest_order(backend.filter(base, query, title_only=True)).values_list(
            "pk", flat=True
        )
    )
    assert len(newest) == matching and len(in_title) == matching // 3
    for every in (3, 4, 5):
        ids, count = backend.candidates(
            base, query, limit=2, title_limit=1, every=every
        )
        assert count == matching
        if matching <= every:
            assert sorted(ids) == sorted(newest)
        else:
            assert sorted(ids) == sorted({*newest[:2], *in_title[:1]})


@pytest.mark.parametrize("matching", [3, 5, 9])
def test_scored_candidates_are_the_candidates_rows_scored(make_article, matching):
    """The engine's scored candidates (on PostgreSQL the candidates and their
    ranking rows in one statement, scored as the rows arrive) are what
    scoring the rows of :meth:`candidates` gives, with the same count: on
    either side of ``every``, with a story that is both among the newest and
    the newest in the title (read once), and typed lists besides. A story
    without a ranking row is named, not scored."""
    from khabar.search.backends import get_backend
    from khabar.search.query import parse_query

    for n in range(matching):
        title = f"سد النهضة {n}" if n % 2 else f"خبر {n}"
        make_article(title, "مفاوضات السد", published_at=NOW - timedelta(n))
    make_article("مؤتمر المناخ", "انعقد مؤتمر المناخ", published_at=NOW)
    backend, query = get_backend(), parse_query("السد")
    base = SearchDocument.objects.all()
    seen = []

    def score(rows):
        rows = list(rows)
        seen.append(len(rows))
        return {row[0]: (row[1], row[2], row[3] + row[4]) for row in rows}

    for every, typed in ((3, None), (5, None), (3, parse_query("سد"))):
        limits = {
            "limit": 2,
            "title_limit": 2,
            "typed": typed,
            "typed_limit": 1,
            "every": every,
        }
        ids, count = backend.candidates(base, query, **limits)
        expected = score(backend.ranking_rows(ids))
        scores, scored_count, missing = backend.scored_candidates(
            base, query, score=score, **limits
        )
        assert (scores, scored_count, missing) == (expected, matching, [])
        assert seen[-1] == len(ids)  # each story read once
        if matching > every:
            assert len(ids) < matching
    ids, _count = backend.candidates(base, query, **limits)
    RankingRow.objects.filter(pk=ids[0]).delete()
    scores, _count, missing = backend.scored_candidates(
        base, query, score=score, **limits
    )
    assert missing == [ids[0]]
    assert sorted(scores) == sorted(ids[1:])


def test_rows_streamed_one_at_a_time_score_the_same(make_article, monkeypatch):
    """With a libpq older than 17 (no chunks), PostgreSQL streams the rows one
    at a time: the same scores and count."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("streaming is PostgreSQL's")
    from khabar.search.backends import postgres

    for n in range(5):
        make_article(f"قمة عربية {n}", "انعقدت القمة", published_at=NOW - timedelta(n))
    before = [(h.article.pk, h.score) for h in article_search(query="قمة").hits]
    monkeypatch.setattr(postgres, "STREAM_CHUNK", 1)
    assert [(h.article.pk, h.score) for h in article_search(query="قمة").hits] == (
        before
    )
    assert len(before) == 5


def test_a_failing_scorer_leaves_the_connection_usable(make_article):
    """The scorer's error reaches the caller, and the database connection
    answers the next statement (PostgreSQL cancels the rows still streaming)."""
    from django.db import connection

    from khabar.search.backends import get_backend
    from khabar.search.query import parse_query

    for n in range(40):
        make_article(f"قمة عربية {n}", "انعقدت القمة", published_at=NOW - timedelta(n))

    def score(rows):
        for _row in rows:
            raise ValueError("scorer failed")

    with pytest.raises(ValueError, match="scorer failed"):
        get_backend().scored_candidates(
            SearchDocument.objects.all(),
            parse_query("قمة"),
            score=score,
            limit=30,
            title_limit=5,
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert len(titles("قمة", per_page=40)) == 40


def test_the_candidates_statement_passes_through_djangos_hooks(
    make_article, monkeypatch
):
    """Every statement of a search reaches Django's execute_wrapper() hooks,
    the streamed one on PostgreSQL included, once; there its rows are scored
    before the hook returns (so the debug log times the reading too). None
    is a prepared statement, even with a threshold of one run (a pooler in
    transaction mode would lose it)."""
    from django.db import connection

    from khabar.search import selectors
    from khabar.search.models import RankingRow

    for n in range(3):
        make_article(f"قمة عربية {n}", "انعقدت القمة", published_at=NOW - timedelta(n))
    table = RankingRow._meta.db_table
    postgres = connection.vendor == "postgresql"
    scored, scored_by_hook_end = [], []
    real_scorer = selectors._scorer

    def scorer(*args, **kwargs):
        score = real_scorer(*args, **kwargs)

        def counted(rows):
            out = score(rows)
            scored.append(len(out))
            return out

        return counted

    def spy(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if table in sql:
            scored_by_hook_end.append(len(scored))
        return result

    monkeypatch.setattr(selectors, "_scorer", scorer)
    if postgres:
        connection.ensure_connection()
        threshold = connection.connection.prepare_threshold
        connection.connection.prepare_threshold = 1
    try:
        with connection.execute_wrapper(spy):
            for _ in range(3):
                assert len(titles("قمة")) == 3
    finally:
        if postgres:
            connection.connection.prepare_threshold = threshold
    assert scored == [3, 3, 3]
    # SQLite reads the rows after its statement, as any Django query
    assert scored_by_hook_end == ([1, 2, 3] if postgres else [0, 1, 2])
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            assert cursor.fetchone()[0] == 0


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10_000,
        "سوريا " * 2000,
        '" * ( ) : ^ NEAR',
        'NEAR("a" "b", 2) AND * OR ^x',
        "'; DROP TABLE search_fts; --",
        "مستشفى🙂 hôpital больница 医院",
        "-",
        '-"',
        "\x00\u200f\u202e",
        "{title_terms}: استخبارات",
    ],
)
def test_any_query_answers_without_error(stories, client, query):
    results = article_search(query=query, now=NOW)
    assert results.count == len(results.hits) or results.count > len(results.hits)
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_empty_and_exclusion_only_queries_explain_themselves(stories):
    assert "اكتب" in article_search(query="").message
    assert "مستبعدة" in article_search(query="-سوريا").message
    assert article_search(query="-سوريا").count == 0


def test_search_page_shows_count_and_highlighted_snippet(stories, client):
    html = client.get("/search/", {"q": "الإستخبارات"}).content.decode()
    assert "عدد النتائج: ٢" in html
    assert "<mark>الإستخبارات</mark>" in html
    assert 'name="robots" content="noindex' in html
    assert 'value="الإستخبارات"' in html  # header and page forms keep the query


def test_search_page_paginates_and_reports_bad_params(make_article, client):
    for n in range(12):
        make_article(f"قصة عن المطر {n}", published_at=NOW - timedelta(days=n))
    html = client.get(
        "/search/", {"q": "المطر", "page": "2", "to": "not-a-date"}
    ).content.decode()
    assert "صفحة ٢ من ٢" in html and "page=1" in html
    assert "أُهمل التاريخ" in html
    assert client.get("/search/", {"q": "المطر", "page": "abc"}).status_code == 200


# --- Keeping the index in step ------------------------------------------------


def test_index_follows_publish_edit_unpublish_delete(make_article, section):
    article = make_article("زيارة وزير الخارجية")
    assert titles("الخارجية") == ["زيارة وزير الخارجية"]

    article.title = "زيارة وزير الداخلية"
    article.save_revision()  # a draft changes nothing for readers
    assert titles("الداخلية") == []
    article.save_revision().publish()
    assert titles("الداخلية") == ["زيارة وزير الداخلية"]
    assert titles("الخارجية") == []
    # what ranking reads follows the edit too
    stats = bytes(RankingRow.objects.get(pk=article.pk).term_stats)
    (new,), (old,) = index_terms("الداخلية"), index_terms("الخارجية")
    assert term_counts(stats, new)[0] == 1
    assert term_counts(stats, old) == (0, 0)

    article.unpublish()
    assert titles("الداخلية") == []
    assert not SearchDocument.objects.filter(pk=article.pk).exists()
    assert not RankingRow.objects.filter(pk=article.pk).exists()

    article.save_revision().publish()
    assert titles("الداخلية") == ["زيارة وزير الداخلية"]
    Page.objects.get(pk=article.pk).delete()
    assert titles("الداخلية") == []


def test_deleting_a_section_removes_its_stories(make_article, home):
    world = SectionPageFactory(parent=home, title="عالم", slug="world")
    make_article("فيضانات في آسيا", parent=world)
    world.delete()
    assert titles("فيضانات") == []


def test_tags_authors_section_and_source_are_searchable(make_article):
    author = AuthorFactory(name="ريم الحلبي")
    article = make_article("خبر بلا كلمات مميزة", tags=["طاقة-شمسية"])
    article.authors.add(author)
    article.save_revision().publish()
    assert titles("الحلبي") == ["خبر بلا كلمات مميزة"]
    assert titles("شمسية") == ["خبر بلا كلمات مميزة"]
    assert titles("سياسة") == ["خبر بلا كلمات مميزة"]  # its section's name


def test_moving_a_story_updates_section_filter(make_article, home, section):
    other = SectionPageFactory(parent=home, title="اقتصاد", slug="economy")
    article = make_article("ارتفاع أسعار الذهب")
    Page.objects.get(pk=article.pk).move(other, pos="last-child")
    assert titles("الذهب", section=other) == ["ارتفاع أسعار الذهب"]
    assert titles("الذهب", section=section) == []
    assert titles("اقتصاد") == ["ارتفاع أسعار الذهب"]


def test_drafts_are_never_found(section):
    from tests.factories.news import ArticlePageFactory

    ArticlePageFactory(parent=section, title="مسودة سرية جدا", live=False)
    assert titles("سرية") == []


def test_rebuild_command_restores_the_same_results(stories):
    before = [
        (h.article.pk, h.score) for h in article_search(query="استخبارات", now=NOW).hits
    ]
    SearchDocument.objects.all().delete()
    assert titles("استخبارات") == []
    call_command("rebuild_search_index", verbosity=0)
    after = [
        (h.article.pk, h.score) for h in article_search(query="استخبارات", now=NOW).hits
    ]
    assert after == before


# --- Same results on SQLite and PostgreSQL ---------------------------------------
# CI runs this file on both databases; the expected lists below are the single
# truth both engines must produce, order and scores included.

ENGINE_CORPUS = [
    ("الاستخبارات السورية", "تقرير عن الأمن القومي", 3),
    ("الأمن القومي الأمريكي", "الاستخبارات والجيش", 10),
    ("مستشفى حماة الوطني", "افتتح المستشفى أمس", 1),
    ("مؤتمر الأمن في ميونخ", "حضر مسؤولو الاستخبارات", 30),
    ("سعر الذهب 3.5% أعلى", "ارتفع الذهب", 2),
]
ENGINE_EXPECTED = {
    "الاستخبارات": [
        ("الاستخبارات السورية", 1.131),
        ("الأمن القومي الأمريكي", 0.676),
        ("مؤتمر الأمن في ميونخ", 0.608),
    ],
    '"الأمن القومي"': [
        ("الأمن القومي الأمريكي", 2.771),
        ("الاستخبارات السورية", 1.966),
    ],
    "الأمن -القومي": [("مؤتمر الأمن في ميونخ", 0.964)],
    "3.5%": [("سعر الذهب 3.5% أعلى", 2.682)],
    "مستشفي": [("مستشفى حماة الوطني", 3.051)],
}


@pytest.mark.parametrize("query", list(ENGINE_EXPECTED))
def test_same_results_on_every_engine(make_article, query):
    for title, body, days in ENGINE_CORPUS:
        make_article(title, body, published_at=NOW - timedelta(days=days))
    got = [
        (h.article.title, round(h.score, 3))
        for h in article_search(query=query, now=NOW).hits
    ]
    assert got == ENGINE_EXPECTED[query]


def broken_expander(terms):
    """An expander whose database query fails (a missing table, say)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")
    return [[] for _ in terms]


EXPANDER_CALLS: list[list[str]] = []


def recording_spellings_expander(terms):
    """Gives «الاستخبارات» (analysed: «استخبار») the spelling «مخابر»."""
    EXPANDER_CALLS.append(list(terms))
    return [["مخابر"] if t == "استخبار" else [] for t in terms]


def short_expander(terms):
    """Answers for the first term only: a broken contract."""
    return [["مخابر"]]


def test_expanders_get_every_term_of_a_search_in_one_call(
    stories, make_article, settings
):
    """Wanted, excluded and phrase terms in one list, in typed order: an
    expander reading shared state (the spelling groups in Redis) reads it
    once per search. Its spellings then match as the typed word does."""
    make_article("المخابرات البريطانية تحذر", "حذرت من هجمات.")
    settings.KHABAR_SEARCH_TERM_EXPANDERS = []
    assert "المخابرات البريطانية تحذر" not in titles("الاستخبارات")
    settings.KHABAR_SEARCH_TERM_EXPANDERS = [
        "tests.search.test_search.recording_spellings_expander"
    ]
    EXPANDER_CALLS.clear()
    found = titles('الاستخبارات "تعتقل مسؤولين" -البريطانية')
    # (the analysed terms: «مسؤولين» → «مسءول», «البريطانية» → «ريطاني»)
    assert EXPANDER_CALLS == [["استخبار", "تعتقل", "مسءول", "ريطاني"]]
    assert found == ["الاستخبارات تعتقل مسؤولين"]
    EXPANDER_CALLS.clear()
    assert "المخابرات البريطانية تحذر" in titles("الاستخبارات")
    assert len(EXPANDER_CALLS) == 1


CACHED_SEEN: list[dict] = []


def cache_reading_expander(terms, cached=None):
    """Names two cache keys; «مخابر» for «استخبار» when the first is set."""
    CACHED_SEEN.append(cached)
    on = (cached or {}).get("tests:expander:on")
    return [["مخابر"] if on and t == "استخبار" else [] for t in terms]


cache_reading_expander.cache_keys = ("tests:expander:on", "tests:expander:unset")


def test_an_expander_naming_cache_keys_gets_them_read_with_the_search(
    stories, make_article, settings
):
    """Read in the search's own batch and passed in: the keys found, the
    missed ones left out (a miss, not a value of None)."""
    from django.core.cache import cache

    make_article("المخابرات البريطانية تحذر", "حذرت من هجمات.")
    settings.KHABAR_SEARCH_TERM_EXPANDERS = [
        "tests.search.test_search.cache_reading_expander"
    ]
    CACHED_SEEN.clear()
    assert "المخابرات البريطانية تحذر" not in titles("الاستخبارات")
    cache.set("tests:expander:on", 1)
    assert "المخابرات البريطانية تحذر" in titles("الاستخبارات")
    assert CACHED_SEEN == [{}, {"tests:expander:on": 1}]


def test_an_expander_answering_for_too_few_terms_is_ignored(stories, settings, caplog):
    settings.KHABAR_SEARCH_TERM_EXPANDERS = []
    expected = titles("الاستخبارات تحذر")
    settings.KHABAR_SEARCH_TERM_EXPANDERS = ["tests.search.test_search.short_expander"]
    assert titles("الاستخبارات تحذر") == expected
    assert "1 answers for 2 terms" in caplog.text


def test_a_failing_expander_never_breaks_search(stories, settings):
    from django.db import transaction

    settings.KHABAR_SEARCH_TERM_EXPANDERS = []
    expected = titles("الاستخبارات")
    assert "الاستخبارات تعتقل مسؤولين" in expected
    settings.KHABAR_SEARCH_TERM_EXPANDERS = ["tests.search.test_search.broken_expander"]
    indexed = SearchDocument.objects.count()
    with transaction.atomic():  # e.g. ATOMIC_REQUESTS: must not be poisoned
        assert titles("الاستخبارات") == expected
        assert SearchDocument.objects.count() == indexed  # still usable


SEEN_ATOMIC: list[bool] = []


def recording_expander(terms):
    """Notes whether the expander ran inside a transaction (or savepoint)."""
    from django.db import transaction

    SEEN_ATOMIC.append(transaction.get_connection().in_atomic_block)
    return [[] for _ in terms]


@pytest.mark.django_db(transaction=True)
def test_a_readers_search_opens_no_transaction_for_expanders(stories, settings):
    """Outside a transaction (a reader's request) expanders run as they are:
    a savepoint there would be a transaction of its own, on SQLite a write
    lock (BEGIN IMMEDIATE) per term that waits for any writer."""
    from django.db import connection

    settings.KHABAR_SEARCH_TERM_EXPANDERS = []
    expected = titles("الاستخبارات")
    settings.KHABAR_SEARCH_TERM_EXPANDERS = [
        "tests.search.test_search.recording_expander"
    ]
    SEEN_ATOMIC.clear()
    assert not connection.in_atomic_block
    assert titles("الاستخبارات") == expected
    assert SEEN_ATOMIC == [False]

    settings.KHABAR_SEARCH_TERM_EXPANDERS = ["tests.search.test_search.broken_expander"]
    assert titles("الاستخبارات") == expected  # a failing one changes nothing


def test_ranking_reads_the_stored_rows_as_the_orm_does(make_article):
    # The candidates' rows are read with one plain statement (selectors._rows)
    # from their ranking rows: the date as a timestamp, the term statistics as
    # bytes. They must be the document's values on every engine, or the scores
    # (and the order of results) would shift: a date by the time zone, a count
    # by a driver's type.
    from khabar.search.ranking import term_counts, term_stats
    from khabar.search.selectors import _rows

    make_article("زلزال في تركيا", published_at=NOW - timedelta(days=3, hours=5))
    make_article(
        "زلزال آخر", "نص عن الزلزال الزلزال", published_at=NOW - timedelta(hours=1)
    )
    ids = list(SearchDocument.objects.values_list("pk", flat=True))
    expected = sorted(
        SearchDocument.objects.filter(pk__in=ids).values_list(
            "pk",
            "published_at",
            "title_terms",
            "body_terms",
            "title_length",
            "body_length",
        )
    )
    got = sorted(_rows(ids))
    assert [row[0] for row in got] == [row[0] for row in expected]
    for (_, when, stats, *lengths), row in zip(got, expected, strict=True):
        assert abs(when - row[1].timestamp()) < 0.001
        assert type(stats) is bytes
        assert stats == term_stats(row[2].split(), row[3].split())
        assert term_counts(stats, "زلزال")[0] == 1
        assert lengths == list(row[4:])
    # the word twice in a row in the second story's text is counted twice
    newest = max(got, key=lambda r: r[1])
    assert term_counts(newest[2], "زلزال") == (1, 2)
    assert _rows([]) == []


def test_the_ranking_rows_statement_is_a_plain_logged_one(make_article):
    """On PostgreSQL the rows come in binary format through a cursor of its
    own: still one statement Django sees (its execute hooks, the debug
    log), and never a prepared statement (which would not survive a pooler
    in transaction mode) however often it runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from khabar.search.selectors import _rows

    make_article("زلزال في تركيا")
    ids = list(SearchDocument.objects.values_list("pk", flat=True))
    table = RankingRow._meta.db_table
    postgres = connection.vendor == "postgresql"
    if postgres:  # as with OPTIONS {"prepare_threshold": 1} (Django's is None)
        connection.ensure_connection()
        threshold = connection.connection.prepare_threshold
        connection.connection.prepare_threshold = 1
    try:
        with CaptureQueriesContext(connection) as queries:
            for _ in range(8):
                assert [row[0] for row in _rows(ids)] == ids
    finally:
        if postgres:
            connection.connection.prepare_threshold = threshold
    assert sum(table in q["sql"] for q in queries.captured_queries) == 8
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            assert cursor.fetchone()[0] == 0


def test_the_ranking_rows_statement_is_one_text_for_any_number_of_stories(
    make_article,
):
    """The rows statement is the same text however many stories are ranked,
    so a connection prepares it once: one placeholder per id made each new
    count a new statement, and preparing one for 257 ids cost more than
    reading their rows (issue 9)."""
    from khabar.search.backends import get_backend
    from khabar.search.selectors import _rows

    for n in range(4):
        make_article(f"زلزال رقم {n}")
    ids = sorted(SearchDocument.objects.values_list("pk", flat=True))
    backend = get_backend()
    statements = set()
    for some in (ids[:1], ids[:3], ids):
        sql, params = backend.ranking_rows_sql(some)
        statements.add(sql)
        assert len(params) == 1
        assert sorted(row[0] for row in _rows(some)) == some
    assert len(statements) == 1


def test_the_database_deletes_a_ranking_row_with_its_document(make_article):
    # ON DELETE CASCADE (migration 0009): a document deleted by anything takes
    # its row with it. Here plain SQL deletes it as a process on older code
    # would (its Django knows the keywords, not the ranking row).
    from django.db import connection

    from khabar.search.models import SearchKeyword

    kept = make_article("زلزال في تركيا")
    gone = make_article("زلزال في اليابان")
    assert RankingRow.objects.filter(pk__in=[kept.pk, gone.pk]).count() == 2
    SearchKeyword.objects.filter(document_id=gone.pk).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM search_searchdocument WHERE page_id = %s", [gone.pk]
        )
    assert list(RankingRow.objects.values_list("pk", flat=True)) == [kept.pk]
    assert titles("زلزال") == ["زلزال في تركيا"]


def test_documents_without_a_ranking_row_are_ranked_as_before(make_article):
    # Migration 0009 gives existing documents their ranking rows from the
    # stored terms; a document written by older code during a rolling
    # deploy has none until it is indexed again, and search ranks it the same
    # from its stored terms meanwhile.
    from importlib import import_module

    from django.apps import apps

    from khabar.search.selectors import _rows

    make_article("زلزال في تركيا", "الزلزال الزلزال ضرب", published_at=NOW)
    make_article("زلزال في اليابان", "هزة", published_at=NOW - timedelta(days=2))
    make_article("أمطار غزيرة", "سيول")
    ids = list(SearchDocument.objects.values_list("pk", flat=True))

    def rows():
        return sorted(_rows(ids))

    written = rows()
    before = [(h.article.pk, h.score) for h in article_search(query="زلزال").hits]
    assert len(before) == 2 and before[0][1] > before[1][1] > 0

    RankingRow.objects.all().delete()
    assert rows() == written
    assert [(h.article.pk, h.score) for h in article_search(query="زلزال").hits] == (
        before
    )

    import_module("khabar.search.migrations.0009_ranking_row").fill(apps, None)
    assert RankingRow.objects.count() == 3
    assert rows() == written
