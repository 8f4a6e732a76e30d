"""Reading an export in a second process (pure: no Django, no database)."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from khabar.importers.wordpress import html as wphtml
from khabar.importers.wordpress import pipeline, wxr
from tests.importers.wordpress.generate import synthetic_texts, write_export

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def big_export(tmp_path_factory) -> Path:
    """Enough posts for several chunks, with comments and attachments."""
    path = tmp_path_factory.mktemp("pipeline") / "export.xml"
    with path.open("w", encoding="utf-8") as handle:
        write_export(handle, posts=260, texts=synthetic_texts())
    return path


def _read(path: Path, **kwargs) -> tuple[list[wxr.Record], dict]:
    prepared: dict[str, pipeline.Prepared] = {}
    return list(pipeline.records(path, prepared, **kwargs)), prepared


def test_the_child_yields_what_the_parser_yields_with_conversions(big_export):
    expected = list(wxr.parse(big_export))
    got, prepared = _read(big_export, process=True)
    assert got == expected
    posts = [r for r in got if isinstance(r, wxr.Post) and r.post_type == "post"]
    assert len(posts) == 260
    for post in posts:
        ready = prepared[post.content]
        again = wphtml.convert(post.content)
        assert ready.conversion.blocks == again.blocks
        assert ready.conversion.counts == again.counts
        assert ready.attachment_ids == wphtml.attachment_ids(post.content)
    # Attachments and comments are not converted: nothing prepared for them.
    attachments = [r for r in got if isinstance(r, wxr.Post) and r.content == ""]
    assert all(a.content not in prepared for a in attachments)


def test_small_exports_are_read_in_this_process(big_export, monkeypatch):
    def no_child(*args, **kwargs):
        raise AssertionError("a process was started")

    monkeypatch.setattr(pipeline.subprocess, "Popen", no_child)
    assert os.path.getsize(FIXTURES / "basic.xml") < pipeline.MIN_BYTES
    got, prepared = _read(FIXTURES / "basic.xml")
    assert got == list(wxr.parse(FIXTURES / "basic.xml"))
    assert prepared == {}  # the loader converts itself


def test_a_cut_short_export_fails_after_the_same_records(tmp_path):
    seen: list[wxr.Record] = []
    prepared: dict[str, pipeline.Prepared] = {}
    with pytest.raises(wxr.WXRError) as raised:
        for record in pipeline.records(
            FIXTURES / "truncated.xml", prepared, process=True
        ):
            seen.append(record)
    expected: list[wxr.Record] = []
    with pytest.raises(wxr.WXRError) as direct:
        for record in wxr.parse(FIXTURES / "truncated.xml"):
            expected.append(record)
    assert seen == expected
    assert str(raised.value) == str(direct.value)
    assert "ends abruptly" in str(raised.value)


@pytest.mark.parametrize("content", [b"not xml at all", None])
def test_a_file_that_is_not_an_export_is_the_parsers_error(tmp_path, content):
    path = FIXTURES / "not_wxr.xml"  # an RSS feed
    if content is not None:
        path = tmp_path / "junk.xml"
        path.write_bytes(content)
    with pytest.raises(wxr.WXRError) as direct:
        list(wxr.parse(path))
    with pytest.raises(wxr.WXRError) as raised:
        _read(path, process=True)
    assert str(raised.value) == str(direct.value)


def _fake_python(tmp_path: Path, script: str) -> str:
    path = tmp_path / "python"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_a_child_that_cannot_run_leaves_the_work_to_this_process(
    big_export, tmp_path, monkeypatch, caplog
):
    monkeypatch.setattr(pipeline.sys, "executable", _fake_python(tmp_path, "exit 3"))
    with caplog.at_level(logging.WARNING, logger=pipeline.__name__):
        got, _prepared = _read(big_export, process=True)
    assert got == list(wxr.parse(big_export))
    assert "after 0 records" in caplog.text


def test_a_child_killed_half_way_is_finished_here_without_repeats(
    big_export, tmp_path, monkeypatch, caplog
):
    # The child's output is cut half-way: a few whole chunks, then a broken
    # one; the rest is parsed here, nothing twice, nothing lost.
    real = sys.executable
    whole = subprocess.run(  # noqa: S603
        [real, "-m", pipeline.__name__, str(big_export)],
        capture_output=True,
        check=True,
    ).stdout
    fake = _fake_python(tmp_path, f'"{real}" "$@" | head -c {len(whole) // 2}')
    monkeypatch.setattr(pipeline.sys, "executable", fake)
    with caplog.at_level(logging.WARNING, logger=pipeline.__name__):
        got, prepared = _read(big_export, process=True)
    assert got == list(wxr.parse(big_export))
    assert prepared  # the chunks that did arrive were used
    done = int(caplog.text.split("after ")[1].split(" records")[0])
    assert 0 < done < len(got)


def test_a_loader_that_stops_reading_stops_the_child(big_export, monkeypatch):
    started = []
    popen = pipeline.subprocess.Popen

    def spy(*args, **kwargs):
        started.append(popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(pipeline.subprocess, "Popen", spy)
    stream = pipeline.records(big_export, {}, process=True)
    next(stream)
    assert started[0].poll() is None  # still reading ahead
    stream.close()  # e.g. the import failed: the generator's finally runs
    assert started[0].returncode is not None  # stopped and reaped
    assert started[0].stdout.closed
