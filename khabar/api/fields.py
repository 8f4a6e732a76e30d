"""Serializer fields for what editors expect in the API, beyond Wagtail's own."""

from __future__ import annotations

from typing import Any

from rest_framework.fields import Field
from wagtail.models import Site

# Renditions a client may show: a 16:9 card, a medium and a large image.
RENDITIONS = {
    "thumbnail": "fill-400x225",
    "medium": "width-800",
    "large": "width-1200",
}


def absolute(request: Any, url: str) -> str:
    """``url`` on the site's configured address (as ``Page.get_full_url``)."""
    if url.startswith(("http://", "https://")):
        return url
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return request.build_absolute_uri(url) if request is not None else url
    return site.root_url.rstrip("/") + url


def image_data(image: Any, request: Any, alt: str = "") -> dict[str, Any]:
    renditions = image.get_renditions(*RENDITIONS.values())
    return {
        "id": image.pk,
        "title": image.title,
        "alt": alt or image.title,
        "width": image.width,
        "height": image.height,
        "download_url": absolute(request, image.file.url),
        "renditions": {
            name: {
                "url": absolute(request, renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in RENDITIONS.items()
        },
    }


class ContextField(Field):
    """A read-only field computed from the whole object."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)


class ImageRenditionsField(ContextField):
    """The main image with ready-made renditions (absolute URLs)."""

    def __init__(self, attribute: str = "image", alt_attribute: str = "", **kwargs):
        self.attribute, self.alt_attribute = attribute, alt_attribute
        super().__init__(**kwargs)

    def to_representation(self, instance: Any) -> dict[str, Any] | None:
        image = getattr(instance, self.attribute)
        if image is None:
            return None
        alt = getattr(instance, self.alt_attribute, "") if self.alt_attribute else ""
        return image_data(image, self.context.get("request"), alt)


class DownloadURLField(ContextField):
    """The original file's absolute address (Wagtail's own is root-relative)."""

    def to_representation(self, image: Any) -> str:
        return absolute(self.context.get("request"), image.file.url)


class RenditionsField(ContextField):
    """An image's ready-made renditions (the image itself is the instance)."""

    def to_representation(self, image: Any) -> dict[str, Any]:
        return image_data(image, self.context.get("request"))["renditions"]


class BodyHTMLField(ContextField):
    """The body rendered as the article page shows it."""

    def to_representation(self, instance: Any) -> str:
        return str(instance.body)


class AuthorsField(ContextField):
    def to_representation(self, instance: Any) -> list[dict[str, Any]]:
        return [
            {"id": a.pk, "name": a.name, "slug": a.slug} for a in instance.authors.all()
        ]


class TagNamesField(ContextField):
    def to_representation(self, instance: Any) -> list[str]:
        return sorted(tag.name for tag in instance.tags.all())


class SourceField(ContextField):
    def to_representation(self, instance: Any) -> dict[str, Any] | None:
        source = instance.source
        if source is None:
            return None
        return {"id": source.pk, "name": source.name, "url": source.url}


class SectionField(ContextField):
    """The article's section; the view looks sections up once per response."""

    def to_representation(self, instance: Any) -> dict[str, Any] | None:
        sections = getattr(self.context.get("view"), "sections", None) or {}
        section = sections.get(instance.pk)
        if section is None:
            return None
        request = self.context.get("request")
        return {
            "id": section.pk,
            "title": section.title,
            "slug": section.slug,
            "html_url": section.get_full_url(request),
        }


class ShortURLField(ContextField):
    def to_representation(self, instance: Any) -> str:
        return absolute(self.context.get("request"), instance.get_short_url())
