"""KHABAR_ADMIN_PATH moves the admin; nothing answers at /admin/ then."""

import importlib

import pytest
from django.contrib.auth import get_user_model
from django.urls import clear_url_caches, reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def custom_admin_path(settings, home):
    import khabar.urls

    original = settings.KHABAR_ADMIN_PATH
    settings.KHABAR_ADMIN_PATH = "newsroom-7f3/"
    importlib.reload(khabar.urls)
    clear_url_caches()
    yield "/newsroom-7f3/"
    settings.KHABAR_ADMIN_PATH = original
    importlib.reload(khabar.urls)
    clear_url_caches()


def test_admin_answers_at_the_custom_path_only(client, custom_admin_path):
    assert reverse("wagtailadmin_home") == custom_admin_path
    login = client.get(custom_admin_path + "login/")
    assert login.status_code == 200
    assert "unsafe-inline" in login["Content-Security-Policy"]  # the admin policy
    assert client.get("/admin/login/").status_code == 404
    anonymous = client.get(custom_admin_path)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(custom_admin_path + "login/")

    user = get_user_model().objects.create_superuser("chief", password="x-long-pass")
    client.force_login(user)
    assert client.get(custom_admin_path).status_code == 200
    assert client.get("/admin/").status_code == 404


def test_login_by_form_at_the_custom_path(client, custom_admin_path):
    get_user_model().objects.create_superuser("chief", password="x-long-pass")
    response = client.post(
        custom_admin_path + "login/", {"username": "chief", "password": "x-long-pass"}
    )
    assert response.status_code == 302
    assert client.get(custom_admin_path).status_code == 200
