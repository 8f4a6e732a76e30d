from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from khabar.core import auth

ADMIN_PATH = getattr(settings, "KHABAR_ADMIN_PATH", "admin/")

urlpatterns = [
    # Two-factor check for staff (khabar/core/auth.py); gated only when KHABAR_2FA=1.
    path(ADMIN_PATH + "verify/", auth.otp_verify, name="khabar_otp_verify"),
    path(ADMIN_PATH, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("khabar.news.urls")),
    path("", include("khabar.seo.urls")),
    path("api/", include("khabar.api.urls")),
    path("search/", include("khabar.search.urls")),
    path("comments/", include("khabar.comments.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "khabar.core.views.page_not_found"
handler500 = "khabar.core.views.server_error"
