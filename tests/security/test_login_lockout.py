"""Admin sign-in under a password-guessing attack (django-axes, khabar/core/auth.py).

Five wrong passwords for one account from one address lock that pair out for
15 minutes, even with the right password; other accounts and other addresses
are not affected; the lockout page is Arabic and names no address or account.
"""

import logging

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
ATTACKER = "203.0.113.9"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def editor(home):
    return get_user_model().objects.create_user(
        username="editor", password=PASSWORD, is_superuser=True, is_staff=True
    )


@pytest.fixture
def writer(home):
    return get_user_model().objects.create_user(
        username="writer", password=PASSWORD, is_superuser=True, is_staff=True
    )


def _login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def _signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_right_password_signs_in(client, editor):
    response = _login(client, "editor", PASSWORD, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 302
    assert _signed_in(client)


def test_five_wrong_passwords_lock_out_even_the_right_one(client, editor, caplog):
    caplog.set_level(logging.DEBUG)
    for _ in range(4):
        response = _login(client, "editor", "guess", REMOTE_ADDR=ATTACKER)
        assert response.status_code == 200  # the form again, with an error
    fifth = _login(client, "editor", "guess", REMOTE_ADDR=ATTACKER)
    assert fifth.status_code == 429

    locked = _login(client, "editor", PASSWORD, REMOTE_ADDR=ATTACKER)
    assert locked.status_code == 429
    assert not _signed_in(client)
    body = locked.content.decode()
    assert 'lang="ar"' in body
    assert "أُوقف تسجيل الدخول مؤقتاً" in body
    assert "15 دقيقة" in body
    assert locked["Cache-Control"] == "no-store"
    # Nothing about who or where: no address, no account name.
    assert ATTACKER not in body
    assert "127.0.0.1" not in body
    assert "editor" not in body
    # ... and no address or account name in the logs either.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "AXES" in logged  # the lockout was logged
    assert ATTACKER not in logged
    assert '"editor"' not in logged


def test_other_accounts_and_other_addresses_are_not_locked(client, editor, writer):
    for _ in range(5):
        _login(client, "editor", "guess", REMOTE_ADDR=ATTACKER)
    assert _login(client, "editor", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429

    other_user = _login(client, "writer", PASSWORD, REMOTE_ADDR=ATTACKER)
    assert other_user.status_code == 302
    client.logout()
    # The editor at the office is not locked out by a stranger's guessing.
    office = _login(client, "editor", PASSWORD, REMOTE_ADDR="198.51.100.20")
    assert office.status_code == 302
    assert _signed_in(client)


def test_a_successful_login_resets_the_count(client, editor):
    for _ in range(4):
        _login(client, "editor", "typo", REMOTE_ADDR=ATTACKER)
    assert _login(client, "editor", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 302
    client.logout()
    for _ in range(4):
        assert _login(client, "editor", "typo", REMOTE_ADDR=ATTACKER).status_code == 200
    assert _login(client, "editor", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_client_is_locked(
    client, editor, settings
):
    settings.KHABAR_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    via_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(5):
        _login(client, "editor", "guess", HTTP_X_FORWARDED_FOR=ATTACKER, **via_proxy)
    # The attacker, even with a forged hop in front, is locked ...
    forged = f"192.0.2.1, {ATTACKER}"
    response = _login(
        client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR=forged, **via_proxy
    )
    assert response.status_code == 429
    # ... and through a second trusted proxy hop too ...
    two_hops = f"{ATTACKER}, 10.1.2.3"
    response = _login(
        client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR=two_hops, **via_proxy
    )
    assert response.status_code == 429
    # ... while the real editor behind the same proxy is not.
    response = _login(
        client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20", **via_proxy
    )
    assert response.status_code == 302


def test_forwarded_header_from_an_untrusted_peer_is_ignored(client, editor, settings):
    settings.KHABAR_TRUSTED_PROXIES = ["127.0.0.1"]
    # Rotating X-Forwarded-For does not help a client that is not our proxy.
    for n in range(5):
        _login(
            client,
            "editor",
            "guess",
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    response = _login(
        client,
        "editor",
        PASSWORD,
        REMOTE_ADDR=ATTACKER,
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert response.status_code == 429


def test_force_login_still_works_for_tests(client, editor):
    client.force_login(editor)
    assert _signed_in(client)
