from django.urls import path

from .search import RelatedView, SearchView

app_name = "api"
urlpatterns: list = [
    path("search/", SearchView.as_view(), name="search"),
    path("articles/<int:pk>/related/", RelatedView.as_view(), name="article-related"),
]
