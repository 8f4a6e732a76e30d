"""Replace Wagtail's welcome page with Khabar's home page, so a fresh site serves."""

from django.db import migrations


def create_home(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("news.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, url_path="/home/", content_type__model="page").delete()
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    locale = Locale.objects.first()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="news")
    existing = Page.objects.filter(depth=2).count()
    home = HomePage.objects.create(
        title="الرئيسية",
        draft_title="الرئيسية",
        slug="home",
        content_type=content_type,
        path=f"{root.path}{existing + 1:04d}",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="خبر")
    else:
        site.root_page = home
        site.site_name = site.site_name or "خبر"
        site.save()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home, migrations.RunPython.noop)]
