from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("post/<int:article_id>/", views.comment_post, name="post"),
    path("privacy/", views.privacy, name="privacy"),
]
