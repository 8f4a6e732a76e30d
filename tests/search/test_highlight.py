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


def _long_text(matches: dict[int, str], n: int = 400) -> tuple[str, list[str]]:
    """``n`` words, the given ones at their positions, separated by varied
    whitespace (spaces, a newline, a no-break space); and the words."""
    filler = ["قال", "المسؤول", "في", "بيان", "رسمي", "اليوم", "إن", "الوضع"]
    words = [matches.get(i, filler[i % len(filler)]) for i in range(n)]
    seps = [" ", "  ", "\n", "\u00a0", " \n "]
    text = "\n" + "".join(w + seps[i % len(seps)] for i, w in enumerate(words))
    return text, words


def _excerpt(segs) -> str:
    return "".join(s.text for s in segs)


def test_the_densest_cluster_wins_and_keeps_the_texts_own_spacing():
    # one match early, three close together later: the excerpt is the later
    # cluster, from three words before its first match, in the text's own
    # whitespace, the matches marked
    text, words = _long_text(
        {50: "زلزال", 300: "الزلزال", 305: "بالزلزال", 310: "زلزال"}
    )
    segs = snippet(text, {"زلزال"}, words=20)
    body = _excerpt(segs)
    assert body.startswith("… ") and body.endswith(" …")
    inner = body[2:-2]
    assert inner.split() == words[297:317]
    assert "\n" in inner and "\u00a0" in inner  # the text's spacing, as written
    assert [s.text for s in segs if s.match] == ["الزلزال", "بالزلزال", "زلزال"]


def test_a_cluster_at_the_end_and_the_earliest_of_equal_clusters():
    text, words = _long_text({120: "زلزال", 122: "زلزال", 395: "زلزال", 397: "زلزال"})
    segs = snippet(text, {"زلزال"}, words=20)
    # two clusters of two: the earlier one
    assert _excerpt(segs)[2:-2].split() == words[117:137]
    text, words = _long_text({395: "زلزال", 397: "زلزال", 399: "زلزال", 10: "زلزال"})
    segs = snippet(text, {"زلزال"}, words=20)
    body = _excerpt(segs)
    # the cluster in the last words: the excerpt runs to the end, no "…" after
    assert body.startswith("… ") and not body.endswith("…")
    assert body[2:].split() == words[392:]
    assert sum(s.match for s in segs) == 3
