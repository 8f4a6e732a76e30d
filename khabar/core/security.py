"""Security headers on every response: Content-Security-Policy and friends.

Public pages get a strict policy: scripts, styles and fonts only from this site,
no inline script or style attribute, no framing, no plugins. Templates therefore
carry no inline ``<script>`` (JSON-LD data blocks are not scripts and are not
affected). The Wagtail admin needs inline styles and ``data:`` images, so it gets
a policy of its own that still forbids inline scripts from other origins.

Both policies are settings (``KHABAR_CSP`` and ``KHABAR_CSP_ADMIN``), so a site
that embeds, say, an analytics script it trusts can extend them.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DEFAULT_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self' https:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

DEFAULT_ADMIN_CSP = "; ".join(
    [
        "default-src 'self'",
        # Wagtail 8's page editor still runs inline scripts (measured with
        # headless Chromium); staff only, and nothing loads from other origins.
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        admin_path = getattr(settings, "KHABAR_ADMIN_PATH", "admin/")
        self.admin_prefix = "/" + admin_path.strip("/") + "/"
        self.public_policy = getattr(settings, "KHABAR_CSP", DEFAULT_CSP)
        self.admin_policy = getattr(settings, "KHABAR_CSP_ADMIN", DEFAULT_ADMIN_CSP)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(self.admin_prefix):
            policy = self.admin_policy
            # The page editor previews pages in a same-origin iframe.
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        else:
            policy = self.public_policy
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
