from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "khabar.news"
    label = "news"
    verbose_name = _("News")

    def ready(self) -> None:
        from . import signal_handlers

        signal_handlers.register()
        post_migrate.connect(
            signal_handlers.ensure_editorial_groups,
            sender=self,
            dispatch_uid="news-editorial-groups",
        )
