"""Staff sign-in hardening: the client's address, login lockout, optional 2FA.

* :func:`client_ip` is the reader's address as Khabar should see it. Behind a
  reverse proxy (``KHABAR_BEHIND_PROXY=1``) every request comes from the proxy,
  so the address is taken from ``X-Forwarded-For``, but only when the request
  really came from a proxy listed in ``KHABAR_TRUSTED_PROXIES`` (addresses or
  networks); the header is read from the right and the first address that is
  not a trusted proxy is the client. Anyone else's ``X-Forwarded-For`` is
  ignored, so it cannot be used to dodge a lockout or a comment rate limit::

      REMOTE_ADDR=127.0.0.1 (trusted), X-Forwarded-For: 6.6.6.6, 203.0.113.9
      → 203.0.113.9   (6.6.6.6 was written by the client and is not believed)

  django-axes (login lockout, ``AXES_*`` settings) and the comment rate limits
  both use it.
* Optional two-factor authentication with django-otp's TOTP devices
  (``KHABAR_2FA=1``): :class:`StaffOTPMiddleware` sends a signed-in staff member
  who has a confirmed device to :func:`otp_verify` before any other admin page;
  with ``KHABAR_2FA_REQUIRED=1`` staff without a device must first add one there
  (the key is shown as text for any authenticator app). wagtail-2fa would do
  this with more screens, but 1.8.0 cannot be imported on Wagtail 8 (it needs
  ``wagtail.users.widgets``, which Wagtail 8 removed).
"""

from __future__ import annotations

import ipaddress
from base64 import b32encode
from collections.abc import Callable
from functools import cache
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

# --- The client's address ----------------------------------------------------------


@cache
def _trusted_networks(
    entries: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def _is_trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The client's IP address (see the module docstring); "" when unknown."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _trusted_networks(tuple(getattr(settings, "KHABAR_TRUSTED_PROXIES", ())))
    if not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return remote  # a garbled header: trust nothing in it
        if not _is_trusted(hop, networks):
            return hop
    return hops[0] if hops else remote


# --- Login lockout (django-axes) ----------------------------------------------------


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """The Arabic "sign-in paused" page (``AXES_LOCKOUT_CALLABLE``).

    It names neither the account nor the address, and is never cached.
    """
    cooloff = getattr(settings, "AXES_COOLOFF_TIME", None)
    minutes = int(cooloff.total_seconds() // 60) if cooloff else 0
    response = render(
        request,
        "account_locked.html",
        {"minutes": minutes},
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )
    response["Cache-Control"] = "no-store"
    return response


# --- Optional two-factor authentication (django-otp) -------------------------------


def _admin_prefix() -> str:
    return "/" + getattr(settings, "KHABAR_ADMIN_PATH", "admin/").strip("/") + "/"


def _is_staff(user) -> bool:
    return bool(
        user.is_authenticated
        and (
            user.is_staff
            or user.is_superuser
            or user.has_perm("wagtailadmin.access_admin")
        )
    )


def _confirmed_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class StaffOTPMiddleware:
    """django-otp's ``OTPMiddleware`` plus the admin gate (after authentication).

    Only admin paths are gated; the login, logout and verify pages stay open.
    """

    OPEN_NAMES = ("login/", "logout/", "jsi18n/", "verify/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django_otp.middleware import OTPMiddleware

        self.get_response = get_response
        # OTPMiddleware adds request.user.is_verified() (device from the session).
        self.otp = OTPMiddleware(self.gate)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.otp(request)

    def gate(self, request: HttpRequest) -> HttpResponse:
        prefix = _admin_prefix()
        path = request.path_info
        if (
            path.startswith(prefix)
            and not path[len(prefix) :].startswith(self.OPEN_NAMES)
            and _is_staff(request.user)
            and not request.user.is_verified()
            and (
                getattr(settings, "KHABAR_2FA_REQUIRED", False)
                or _confirmed_device(request.user) is not None
            )
        ):
            target = reverse("khabar_otp_verify")
            return HttpResponseRedirect(
                f"{target}?next={quote(request.get_full_path())}"
            )
        return self.get_response(request)


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


@sensitive_post_parameters("token")
@never_cache
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Ask a signed-in staff member for the six-digit code of their device.

    Without a confirmed device, a new (unconfirmed) TOTP device is made and its
    key shown; the first correct code confirms it. Wrong codes are throttled by
    django-otp (each failure doubles the wait).
    """
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not (settings.KHABAR_2FA or settings.KHABAR_2FA_REQUIRED):
        raise Http404("Two-factor authentication is off.")
    user = request.user
    if not user.is_authenticated:
        return HttpResponseRedirect(reverse("wagtailadmin_login"))
    if getattr(user, "is_verified", lambda: False)():
        return HttpResponseRedirect(_next_url(request))
    device = _confirmed_device(user)
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name="تطبيق المصادقة", confirmed=False
            )
    error = ""
    if request.method == "POST":
        token = "".join(request.POST.get("token", "").split())
        allowed, _ = device.verify_is_allowed()
        if allowed and token.isdigit() and device.verify_token(token):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return HttpResponseRedirect(_next_url(request))
        error = (
            "محاولات خاطئة كثيرة؛ انتظر قليلاً ثم أعد المحاولة."
            if not allowed
            else "الرمز غير صحيح أو انتهت صلاحيته؛ أدخل الرمز الظاهر الآن في تطبيقك."
        )
    context = {
        "enrolling": enrolling,
        "secret": b32encode(device.bin_key).decode() if enrolling else "",
        "config_url": device.config_url if enrolling else "",
        "next": _next_url(request),
        "error": error,
    }
    return render(request, "otp_verify.html", context, status=400 if error else 200)
