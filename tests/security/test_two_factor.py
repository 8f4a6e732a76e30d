"""Optional two-factor authentication for staff (django-otp TOTP, KHABAR_2FA=1)."""

from base64 import b32encode

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def two_factor(settings):
    middleware = list(settings.MIDDLEWARE)
    if "khabar.core.auth.StaffOTPMiddleware" not in middleware:
        at = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
        middleware.insert(at + 1, "khabar.core.auth.StaffOTPMiddleware")
    settings.MIDDLEWARE = middleware
    settings.KHABAR_2FA = True
    settings.KHABAR_2FA_REQUIRED = False
    return settings


def _staff(username):
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=True, is_superuser=True
    )


def _token(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _sign_in(client, username):
    response = client.post(
        "/admin/login/", {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


def test_staff_with_a_device_must_verify_before_the_admin(client, home, two_factor):
    user = _staff("editor")
    device = TOTPDevice.objects.create(user=user, name="هاتف", confirmed=True)
    _sign_in(client, "editor")

    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/verify/?next=/admin/pages/")
    assert client.get("/admin/").status_code == 302

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "رمز التحقق" in page.content.decode()
    assert 'name="token"' in page.content.decode()

    wrong = f"{(int(_token(device)) + 1) % 10**6:06d}"
    bad = client.post("/admin/verify/", {"token": wrong, "next": "/admin/pages/"})
    assert bad.status_code == 400
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # django-otp made the next try wait after the failure

    good = client.post(
        "/admin/verify/", {"token": _token(device), "next": "/admin/pages/"}
    )
    assert good.status_code == 302
    assert good["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_verify_refuses_an_offsite_next(client, home, two_factor):
    user = _staff("editor")
    device = TOTPDevice.objects.create(user=user, name="هاتف", confirmed=True)
    _sign_in(client, "editor")
    response = client.post(
        "/admin/verify/", {"token": _token(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_optional_2fa_leaves_staff_without_a_device_alone(client, home, two_factor):
    _staff("writer")
    _sign_in(client, "writer")
    assert client.get("/admin/").status_code == 200


def test_required_2fa_makes_staff_add_a_device(client, home, two_factor):
    two_factor.KHABAR_2FA_REQUIRED = True
    user = _staff("writer")
    _sign_in(client, "writer")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/verify/")

    page = client.get("/admin/verify/")
    assert "المفتاح" in page.content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    # The key is shown in base32, as authenticator apps expect it typed.
    assert b32encode(device.bin_key).decode() in page.content.decode()
    response = client.post("/admin/verify/", {"token": _token(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_readers_pages_are_not_gated(client, home, two_factor):
    user = _staff("editor")
    TOTPDevice.objects.create(user=user, name="هاتف", confirmed=True)
    _sign_in(client, "editor")
    assert client.get("/").status_code == 200


def test_verify_page_is_absent_when_2fa_is_off(client, home, settings):
    settings.KHABAR_2FA = False
    settings.KHABAR_2FA_REQUIRED = False
    client.force_login(_staff("editor"))
    assert client.get("/admin/verify/").status_code == 404
    assert client.get("/admin/").status_code == 200
