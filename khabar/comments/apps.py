from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "khabar.comments"
    label = "comments"
    verbose_name = _("التعليقات")

    def ready(self) -> None:
        from . import signal_handlers

        signal_handlers.register()
