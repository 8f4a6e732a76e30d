"""Admin: «تهجئات الأسماء», the review screen of spelling-variant groups."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("spelling/", include(admin_urls, namespace="spelling_admin"))]


class _ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("spelling.change_variantgroup")


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return _ReviewMenuItem(
        _("تهجئات الأسماء"),
        reverse("spelling_admin:index"),
        icon_name="edit",
        order=900,
    )
