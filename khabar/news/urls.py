from django.urls import path

from . import views

app_name = "news"
urlpatterns = [path("a/<id:pk>/", views.article_short_url, name="short")]
