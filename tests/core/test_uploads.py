"""Only real images of allowed types and sizes get in; names are made safe."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images.models import Image

pytestmark = pytest.mark.django_db


def _image_bytes(fmt: str, size=(16, 16), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    PILImage.new(mode, size, 0).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("photo", "p@example.invalid", "pw")
    client.force_login(user)
    return client


def _upload(client, name: str, content: bytes, content_type="image/png"):
    return client.post(
        "/admin/images/add/",
        {
            "title": "صورة",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


def test_a_real_png_is_accepted(editor_client):
    response = _upload(editor_client, "photo.png", _image_bytes("PNG"))
    assert response.status_code == 302
    assert Image.objects.count() == 1


def test_content_must_match_the_extension(editor_client):
    response = _upload(editor_client, "photo.jpg", _image_bytes("PNG"), "image/jpeg")
    assert response.status_code == 200
    assert Image.objects.count() == 0
    assert "png" in response.content.decode().lower()


def test_a_script_named_png_is_refused(editor_client):
    response = _upload(editor_client, "evil.png", b"<script>alert(1)</script>")
    assert response.status_code == 200
    assert Image.objects.count() == 0


def test_svg_is_refused(editor_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    response = _upload(editor_client, "logo.svg", svg, "image/svg+xml")
    assert response.status_code == 200
    assert Image.objects.count() == 0


def test_decompression_bomb_is_refused(editor_client):
    bomb = _image_bytes("PNG", size=(20_000, 20_000), mode="1")
    assert len(bomb) < 200_000  # tiny file, 400 million pixels
    response = _upload(editor_client, "bomb.png", bomb)
    assert response.status_code == 200
    assert Image.objects.count() == 0


def test_file_names_are_sanitised(editor_client):
    response = _upload(
        editor_client, "../../etc/evil <b>name</b>.png", _image_bytes("PNG")
    )
    assert response.status_code == 302
    stored = Image.objects.get().file.name
    assert ".." not in stored and "<" not in stored and " " not in stored
    assert stored.startswith("original_images/")
