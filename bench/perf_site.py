"""Build a Khabar site from the real corpus, for bench/perf_bench.py.

    DJANGO_SETTINGS_MODULE=khabar.settings.production DATABASE_URL=sqlite:////tmp/x.sqlite3 \\
        python bench/perf_site.py build --articles 2000
    … python bench/perf_site.py inflate --total 100000     # clone rows up to N stories
    … python bench/perf_site.py urls                        # name<TAB>path of the bench pages

``build`` writes through Wagtail's page API (add_child), so every app's signal
handlers run (the search index is filled as on a real site). It maps the same
corpus records as ../shared/bench-wordpress/load.sh: the first N records of
ant-v2.1 with a title and a body; category → section, abstract → lead, body
paragraphs → paragraph blocks, date → publication date, source → news source.

``inflate`` copies existing story rows with new tree paths (bulk SQL), to measure
how page latency scales from 1,000 to 100,000 stories without spending an hour in
add_child. Copies are real, live, routable pages; the search index does not know
them (the search page is not part of the scale measurement).

ANT Corpus: A. Chouigui, O. Ben Khiroun, B. Elayeb, AICCSA 2017 (see
../shared/corpus/README.md); benchmark use only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "ant-v2.1-multisource.jsonl.gz"
SECTION_NAMES = {
    "economy": "اقتصاد",
    "culture": "ثقافة وفن",
    "internationalNews": "عربي ودولي",
    "middleEast": "الشرق الأوسط",
    "sport": "رياضة",
    "technology": "تكنولوجيا",
}
SECTION_SLUGS = {"internationalNews": "international", "middleEast": "middle-east"}
SEARCH_TERM = "السعودية"


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khabar.settings.production")
    import django

    django.setup()


def records(path: Path, limit: int):
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if (
                not record.get("title", "").strip()
                or not record.get("body", "").strip()
            ):
                continue
            yield record
            limit -= 1
            if limit <= 0:
                return


def build(articles: int, corpus: Path) -> None:
    from django.db import transaction
    from django.utils.html import escape
    from django.utils.text import slugify
    from wagtail.models import Site
    from wagtail.rich_text import RichText

    from khabar.news.models import ArticlePage, NewsSource, SectionPage

    home = Site.objects.get(is_default_site=True).root_page.specific
    sections: dict[str, SectionPage] = {
        s.slug: s for s in SectionPage.objects.child_of(home)
    }
    sources: dict[str, NewsSource] = {}
    started = time.monotonic()
    done = ArticlePage.objects.count()
    for n, record in enumerate(records(corpus, articles)):
        if n < done:
            continue  # resumable
        category = record.get("category") or "internationalNews"
        slug = SECTION_SLUGS.get(category, category.lower())
        if slug not in sections:
            sections[slug] = home.add_child(
                instance=SectionPage(
                    title=SECTION_NAMES.get(category, category),
                    slug=slug,
                    show_in_menus=True,
                )
            )
            home.refresh_from_db()
        source_name = record.get("source") or "khabar"
        if source_name not in sources:
            sources[source_name], _ = NewsSource.objects.get_or_create(name=source_name)
        when = datetime.fromisoformat(record["date"])
        paragraphs = [p.strip() for p in record["body"].split("\n") if p.strip()]
        with transaction.atomic():
            section = sections[slug]
            section.refresh_from_db()
            section.add_child(
                instance=ArticlePage(
                    title=record["title"].strip()[:250],
                    slug=(slugify(record["title"], allow_unicode=True)[:60] or "story")
                    + f"-{n}",
                    lead=(record.get("abstract") or "").strip(),
                    body=[
                        ("paragraph", RichText(f"<p>{escape(p)}</p>"))
                        for p in paragraphs
                    ],
                    source=sources[source_name],
                    published_at=when,
                    first_published_at=when,
                    last_published_at=when,
                    live=True,
                    external_id=f"ant:{record['id']}",
                )
            )
        if n % 250 == 0:
            print(f"  {n} stories, {time.monotonic() - started:.0f} s", flush=True)
    print(
        f"built {ArticlePage.objects.count()} stories in {time.monotonic() - started:.0f} s"
    )


def inflate(total: int) -> None:
    """Clone live stories (round robin) until there are ``total`` of them."""
    from django.db import connection, transaction
    from wagtail.models import Page

    from khabar.news.models import ArticlePage, SectionPage

    have = ArticlePage.objects.count()
    if have >= total:
        print(f"already {have} stories")
        return
    templates = list(ArticlePage.objects.live().order_by("pk")[:500])
    columns = [
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), ArticlePage._meta.db_table
        )
        if c.name not in ("page_ptr_id", "external_id")
    ]
    col_list = ", ".join(columns)
    table = ArticlePage._meta.db_table  # names from Django's own schema, not input
    copy_sql = f"INSERT INTO {table} (page_ptr_id, {col_list}) SELECT %s, {col_list} "
    copy_sql += f"FROM {table} WHERE page_ptr_id = %s"
    sections = {s.pk: s for s in SectionPage.objects.all()}
    next_step = {
        pk: Page.objects.filter(path__startswith=s.path, depth=s.depth + 1).count() + 1
        for pk, s in sections.items()
    }
    started = time.monotonic()
    made = have
    while made < total:
        batch = min(5000, total - made)
        pages, sources = [], []
        for i in range(batch):
            template = templates[(made + i) % len(templates)]
            parent_path = template.path[: -Page.steplen]
            parent = next(s for s in sections.values() if s.path == parent_path)
            step = next_step[parent.pk]
            next_step[parent.pk] += 1
            slug = f"{template.slug[:50]}-c{made + i}"
            pages.append(
                Page(
                    title=template.title,
                    draft_title=template.title,
                    slug=slug,
                    content_type_id=template.content_type_id,
                    path=Page._get_path(parent.path, parent.depth + 1, step),
                    depth=parent.depth + 1,
                    numchild=0,
                    url_path=f"{parent.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=template.first_published_at,
                    last_published_at=template.last_published_at,
                    locale_id=template.locale_id,
                    owner_id=None,
                )
            )
            sources.append(template.pk)
        with transaction.atomic():
            Page.objects.bulk_create(pages, batch_size=1000)
            slugs = [p.slug for p in pages]
            ids = dict(Page.objects.filter(slug__in=slugs).values_list("slug", "pk"))
            with connection.cursor() as cursor:
                cursor.executemany(
                    copy_sql,
                    [(ids[p.slug], src) for p, src in zip(pages, sources, strict=True)],
                )
        made += batch
        print(f"  {made} stories, {time.monotonic() - started:.0f} s", flush=True)
    for pk in sections:
        Page.objects.filter(pk=pk).update(numchild=next_step[pk] - 1)
    print(f"inflated to {made} stories in {time.monotonic() - started:.0f} s")


def urls() -> None:
    """The pages the benchmark measures, the way WordPress' php/urls.php picks them."""
    from django.db.models import Count
    from wagtail.models import Site

    from khabar.news.models import ArticlePage, SectionPage

    home = Site.objects.get(is_default_site=True).root_page
    article = ArticlePage.objects.live().order_by("-published_at", "-pk")[100]
    biggest = SectionPage.objects.live().annotate(n=Count("pk")).order_by("pk").first()
    by_size = sorted(
        SectionPage.objects.live(),
        key=lambda s: -ArticlePage.objects.descendant_of(s).count(),
    )
    biggest = by_size[0] if by_size else biggest
    print(f"article\t{article.url}")
    print(f"home\t{home.url}")
    print(f"section\t{biggest.url}")
    print(f"search\t/search/?q={SEARCH_TERM}")
    print("feed\t/feeds/rss/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--articles", type=int, default=2000)
    b.add_argument("--corpus", type=Path, default=CORPUS)
    i = sub.add_parser("inflate")
    i.add_argument("--total", type=int, required=True)
    sub.add_parser("urls")
    args = parser.parse_args()
    setup()
    if args.command == "build":
        build(args.articles, args.corpus)
    elif args.command == "inflate":
        inflate(args.total)
    else:
        urls()


if __name__ == "__main__":
    main()
