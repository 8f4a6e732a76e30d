from django.core.management.base import BaseCommand

from khabar.news.demo.loader import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, demo_load


class Command(BaseCommand):
    help = "Load the demo site (reference article and short stories). Idempotent."

    def handle(self, *args: object, **options: object) -> None:
        result = demo_load()
        self.stdout.write(
            f"Demo content: {result['articles_created']} articles created, "
            f"{result['articles']} in total. Admin: {DEMO_ADMIN_USERNAME} / "
            f"{DEMO_ADMIN_PASSWORD}"
        )
