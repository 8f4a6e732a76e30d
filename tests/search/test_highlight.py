"""Snippets mark every spelling of the query's words (no DB)."""

from khabar.search.highlight import snippet, snippet_html


def test_marks_other_spellings_and_escapes_html():
    text = "قالت <b>الإستخبارات</b> إن الاستخباراتُ اعتقلت & أفرجت."
    html = snippet_html(snippet(text, {"استخبار"}))
    assert html.count("<mark>") == 2
    assert "&lt;b&gt;" in html and "&amp;" in html


def test_window_moves_to_the_matches_in_a_long_text():
    text = " ".join(["كلام"] * 200 + ["زلزال", "مدمر"] + ["كلام"] * 200)
    segs = snippet(text, {"زلزال"}, words=20)
    assert segs[0].text.startswith("… ") and segs[-1].text.endswith(" …")
    assert [s.text for s in segs if s.match] == ["زلزال"]


def test_empty_text_and_no_match():
    assert snippet("", {"x"}) == []
    segs = snippet("نص قصير بلا تطابق", {"زلزال"})
    assert not any(s.match for s in segs)
    assert "".join(s.text for s in segs) == "نص قصير بلا تطابق"
