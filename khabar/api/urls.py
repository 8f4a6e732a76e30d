"""The API, mounted at /api/ (see README "API").

/api/v2/articles/ sections/ authors/ images/   Wagtail API v2 (read-only)
/api/ticker/                                   the breaking-news bar
/api/articles/<id>/comments/                   approved comments; POST one
/api/schema/                                   OpenAPI 3 document
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from .endpoints.comments import ArticleCommentsView
from .endpoints.errors import not_found
from .endpoints.ticker import TickerView
from .router import router
from .schemas import SCHEMA_SETTINGS
from .search import RelatedView, SearchView

app_name = "api"
urlpatterns = [
    path("v2/", include((router.get_urlpatterns(), "v2"), namespace="v2")),
    path("ticker/", TickerView.as_view(), name="ticker"),
    path("search/", SearchView.as_view(), name="search"),
    path("articles/<int:pk>/related/", RelatedView.as_view(), name="article-related"),
    path(
        "articles/<int:pk>/comments/",
        ArticleCommentsView.as_view(),
        name="article-comments",
    ),
    path(
        "schema/",
        SpectacularAPIView.as_view(custom_settings=SCHEMA_SETTINGS),
        name="schema",
    ),
    # Keep last: anything else under /api/ is a JSON 404, not the HTML page.
    re_path(r"^(?P<path>[\s\S]*)$", not_found, name="not-found"),
]
