"""Read a WXR export in a second process while the loader writes the database.

Parsing the XML (:mod:`.wxr`), converting each post's HTML into blocks
(:mod:`.html`) and analysing its text for search are pure and take about a
third of an import's time; the
database writes take the rest and cannot be split.  ``records(path, ...)``
yields the same records as ``wxr.parse(path)``, in the same order, but reads
them from a child process (``python -m khabar.importers.wordpress.pipeline``)
that parses and converts ahead, so on a machine with two cores both run at
once.  What the child converted goes into ``prepared``: a dict from a post's
HTML to its ``Prepared`` (conversion and attachment ids), which the loader
takes before converting itself (``convert(html)`` is deterministic, so a
result keyed by the text is the result for that text, whichever post asks).

The child is bounded: it sends chunks of ``CHUNK`` records through a pipe and
keeps at most ``AHEAD`` chunks ready, so memory stays flat on huge exports.
A ``WXRError`` in the child (not WXR, cut short) is raised here after the
records before it, exactly as ``wxr.parse`` does.  Should the child die
otherwise (killed, out of memory, cannot start), the rest of the file is
parsed in this process, skipping what was already yielded: the import goes
on, only slower.

The child also analyses the post's texts for search (``Prepared.terms``,
the same pure ``index_terms`` the loader calls), a tenth of the loader's time.

This module is pure (standard library, :mod:`.wxr`, :mod:`.html`,
:mod:`khabar.sanitize`, :mod:`khabar.search.query`), like them.
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, cast

from khabar.importers.wordpress import html as wphtml
from khabar.importers.wordpress import wxr
from khabar.sanitize import bare_rich_text, html_to_text
from khabar.search.query import index_terms

__all__ = ["Prepared", "prepare", "records"]

logger = logging.getLogger(__name__)

#: Records per pickled chunk, and chunks the child keeps ready.
CHUNK = 100
AHEAD = 12
#: Smaller exports are read in-process: starting Python costs more than
#: the overlap saves (a 2 MB export holds about 300 posts).
MIN_BYTES = 2 * 2**20


@dataclass(frozen=True, slots=True)
class Prepared:
    """What the loader would compute from one post's HTML.

    ``terms``: the search analysis (``index_terms``) of the texts the loader
    is likely to index (title, lead, paragraphs, sub-headings, quotes), keyed
    by the exact text: a text the loader ends up with that is not here (an
    image caption, a clipped title) it analyses itself.
    """

    conversion: wphtml.ConversionResult
    attachment_ids: frozenset[int]
    terms: dict[str, list[str]]


def _texts(post: wxr.Post, conversion: wphtml.ConversionResult) -> Iterator[str]:
    yield post.title
    if post.excerpt:
        yield html_to_text(post.excerpt)
    for block_type, value in conversion.blocks:
        if block_type == "paragraph":
            yield bare_rich_text(value) or ""
        elif block_type == "heading":
            yield value
        elif block_type == "quote":
            yield value["text"]
            yield value["attribution"]


def prepare(record: wxr.Record) -> Prepared | None:
    """The work done ahead for ``record``: posts and pages with content."""
    if (
        isinstance(record, wxr.Post)
        and record.post_type in ("post", "page")
        and record.content
    ):
        conversion = wphtml.convert(record.content)
        texts = {text.strip() for text in _texts(record, conversion)}
        return Prepared(
            conversion,
            frozenset(wphtml.attachment_ids(record.content)),
            {text: index_terms(text) for text in texts if text},
        )
    return None


def records(
    path: str | os.PathLike[str],
    prepared: dict[str, Prepared],
    *,
    process: bool | None = None,
) -> Iterator[wxr.Record]:
    """``wxr.parse(path)``, read ahead by a child process.

    ``process``: ``True`` always uses the child, ``False`` never, ``None``
    when the file is at least ``MIN_BYTES`` and the machine has two cores.
    """
    if process is None:
        try:
            big = os.path.getsize(path) >= MIN_BYTES
        except OSError:
            big = False
        process = big and (os.cpu_count() or 1) > 1
    if not process:
        yield from wxr.parse(path)
        return
    try:
        child = subprocess.Popen(  # noqa: S603 - this interpreter, this module
            [sys.executable, "-m", __name__, os.fspath(path)],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
    except OSError as exc:
        logger.warning("The export is parsed in this process: %s", exc)
        yield from wxr.parse(path)
        return
    done = 0
    try:
        stdout = cast(IO[bytes], child.stdout)
        while True:
            try:
                # Trusted: written by our own child on a pipe only we hold.
                chunk = pickle.load(stdout)  # noqa: S301
            except Exception:  # noqa: BLE001 - cut short or garbled: the child died
                break  # finish below, in this process
            if chunk == "end":
                return
            if isinstance(chunk, str):
                raise wxr.WXRError(chunk)
            for record, ready in chunk:
                if ready is not None:
                    prepared[record.content] = ready
                done += 1
                yield record
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()
    logger.warning(
        "The parsing process stopped (exit status %s) after %d records; "
        "the rest of the export is parsed in this process.",
        child.returncode,
        done,
    )
    for n, record in enumerate(wxr.parse(path)):
        if n >= done:
            yield record


def _serve(path: str, out: int) -> None:
    """The child: parse and prepare, ``AHEAD`` chunks ahead of the writer.

    ``out`` is a file descriptor.  Each chunk is pickled whole and written in
    one system call, during which the writer thread does not hold the GIL:
    written frame by frame, it would wait for the parsing thread at every
    frame while the loader waits for the chunk.
    """
    ready: queue.Queue[Any] = queue.Queue(maxsize=AHEAD)
    try:  # Linux: room for a whole chunk in the pipe
        import fcntl

        fcntl.fcntl(out, getattr(fcntl, "F_SETPIPE_SZ", 1031), 2**20)
    except (ImportError, OSError):
        pass

    def write() -> None:
        while True:
            item = ready.get()
            data = memoryview(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))
            while data:
                data = data[os.write(out, data) :]
            if isinstance(item, str):
                return

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    chunk: list[tuple[wxr.Record, Prepared | None]] = []
    try:
        for record in wxr.parse(path):
            chunk.append((record, prepare(record)))
            if len(chunk) >= CHUNK:
                ready.put(chunk)
                chunk = []
        if chunk:
            ready.put(chunk)
        ready.put("end")
    except wxr.WXRError as exc:
        if chunk:
            ready.put(chunk)
        ready.put(str(exc) or "The export could not be read.")
    writer.join()


if __name__ == "__main__":  # pragma: no cover - run as the child
    # The records go out on a private copy of stdout; anything printed
    # (a warning, a stray print) goes to stderr and cannot corrupt them.
    pipe = os.dup(1)
    os.dup2(2, 1)
    # Run the module's own copy, not ``__main__``'s, so that ``Prepared``
    # pickles under the name the loader finds.
    from khabar.importers.wordpress.pipeline import _serve as serve

    try:
        serve(sys.argv[1], pipe)
    except BrokenPipeError:  # the loader stopped reading (it failed or was killed)
        sys.exit(1)
