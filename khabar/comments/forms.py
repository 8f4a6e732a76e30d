"""The reader's comment form: field checks with Arabic messages.

``services.comment_submit`` validates through this form, so the HTML page,
the JavaScript path and a future JSON API give the same answers.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from .text import safe_url

RENDERED_SALT = "khabar.comments.rendered"
HONEYPOT_FIELD = "website_confirm"


def max_body_length() -> int:
    return int(getattr(settings, "KHABAR_COMMENTS_MAX_LENGTH", 3000))


def rendered_token(at: float | None = None) -> str:
    """A signed timestamp of when the form was shown (the time-to-submit trap)."""
    when = timezone.now().timestamp() if at is None else at
    return signing.Signer(salt=RENDERED_SALT).sign(str(int(when)))


def rendered_at_from_token(token: str) -> float | None:
    """The timestamp in ``token``, or None when it is missing or forged."""
    try:
        value = signing.Signer(salt=RENDERED_SALT).unsign(token or "")
        return float(value)
    except (signing.BadSignature, ValueError):
        return None


class CommentForm(forms.Form):
    author_name = forms.CharField(
        label="الاسم",
        max_length=100,
        error_messages={
            "required": "اكتب اسمك من فضلك.",
            "max_length": "الاسم أطول من %(limit_value)d حرفاً.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    author_email = forms.EmailField(
        label="البريد الإلكتروني",
        max_length=254,
        help_text="لن يتم نشر عنوان بريدك الإلكتروني.",
        error_messages={
            "required": "اكتب بريدك الإلكتروني من فضلك؛ لن يُنشر.",
            "invalid": "عنوان البريد الإلكتروني غير صحيح، راجعه من فضلك.",
            "max_length": "عنوان البريد الإلكتروني أطول من المسموح.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    author_url = forms.CharField(
        label="الموقع الإلكتروني (اختياري)",
        max_length=300,
        required=False,
        error_messages={"max_length": "عنوان الموقع أطول من المسموح."},
        widget=forms.URLInput(attrs={"autocomplete": "url", "dir": "ltr"}),
    )
    body = forms.CharField(
        label="التعليق",
        strip=True,
        error_messages={"required": "اكتب تعليقك قبل الإرسال من فضلك."},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    rendered = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS and aria-hidden, filled by bots.
    website_confirm = forms.CharField(
        required=False,
        label="اترك هذا الحقل فارغاً",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = str(max_body_length())
        if not self.is_bound:
            self.initial.setdefault("rendered", rendered_token())

    def clean_author_url(self) -> str:
        value = self.cleaned_data.get("author_url", "").strip()
        if value and "://" not in value:
            value = f"https://{value}"
        if not value:
            return ""
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            value = ""
        if not safe_url(value):
            raise forms.ValidationError(
                "عنوان الموقع غير صحيح؛ اكتبه بالشكل https://example.com أو اتركه فارغاً."
            )
        return value

    def clean_body(self) -> str:
        value = self.cleaned_data["body"]
        limit = max_body_length()
        if len(value) > limit:
            raise forms.ValidationError(
                f"التعليق أطول من {limit} حرف ({len(value)} حرفاً)؛ اختصره من فضلك."
            )
        return value
