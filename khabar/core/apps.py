from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "khabar.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self) -> None:
        from django.urls import register_converter

        from . import signal_handlers
        from .converters import ObjectIdConverter

        register_converter(ObjectIdConverter, "id")

        signal_handlers.register()
