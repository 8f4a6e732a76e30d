from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpellingConfig(AppConfig):
    name = "khabar.spelling"
    label = "spelling"
    verbose_name = _("Spelling variants")

    def ready(self) -> None:
        from . import signal_handlers

        signal_handlers.register()
