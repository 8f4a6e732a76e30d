"""Behaviour of the pure rule-based spam scorer (no Django needed)."""

from __future__ import annotations

import pytest

from khabar.comments.spam import CommentFeatures, Reason, Thresholds
from khabar.comments.spam.classifier import default_classifier
from khabar.comments.spam.rules import (
    Blocklist,
    classifier_points,
    score_comment,
    score_rules,
)

GOOD = "تحليل ممتاز للوضع الاقتصادي، أتفق مع الكاتب في معظم ما قاله"


def codes(reasons: list[Reason]) -> set[str]:
    return {reason.code for reason in reasons}


def test_plain_arabic_comment_on_arabic_article_is_approved() -> None:
    verdict = score_comment(
        CommentFeatures(body=GOOD, article_lang="ar", seconds_to_submit=45.0)
    )
    assert verdict.decision == "approve"
    assert verdict.reasons == []
    assert verdict.score == 0.0


def test_plain_arabic_comment_is_approved_with_seed_classifier() -> None:
    verdict = score_comment(
        CommentFeatures(body=GOOD, seconds_to_submit=45.0),
        classifier=default_classifier(),
    )
    assert verdict.decision == "approve"


def test_honeypot_goes_to_spam_with_reason() -> None:
    verdict = score_comment(CommentFeatures(body=GOOD, honeypot="anything"))
    assert verdict.decision == "spam"
    honeypot = [r for r in verdict.reasons if r.code == "honeypot"]
    assert honeypot and honeypot[0].weight > 0
    assert "المصيدة" in honeypot[0].message


def test_honeypot_wins_even_against_a_hammy_classifier() -> None:
    verdict = score_comment(
        CommentFeatures(body=GOOD, honeypot="x"), classifier=default_classifier()
    )
    assert verdict.decision == "spam"


def test_one_second_submission_is_flagged() -> None:
    verdict = score_comment(CommentFeatures(body=GOOD, seconds_to_submit=1.0))
    assert "too_fast" in codes(verdict.reasons)
    assert verdict.decision in {"pending", "spam"}


def test_one_second_submission_stays_held_despite_hammy_text() -> None:
    verdict = score_comment(
        CommentFeatures(body=GOOD, seconds_to_submit=1.0),
        classifier=default_classifier(),
    )
    assert verdict.decision != "approve"


def test_normal_typing_time_and_unknown_time_are_not_flagged() -> None:
    for seconds in (12.0, None):
        reasons = score_rules(CommentFeatures(body=GOOD, seconds_to_submit=seconds))
        assert "too_fast" not in codes(reasons)


def test_stale_form_is_mildly_flagged() -> None:
    reasons = score_rules(CommentFeatures(body=GOOD, seconds_to_submit=10 * 86400.0))
    assert "stale_form" in codes(reasons)


@pytest.mark.parametrize(
    "variant",
    [
        "كازينو",
        "كــازينو",  # tatweel
        "كَازِينُو",  # harakat
        "والكازينو",  # proclitic + article
        "بالكازينو",
    ],
)
def test_blocklisted_word_matches_normalised_variants(variant: str) -> None:
    blocklist = Blocklist.build(words=["كازينو"])
    reasons = score_rules(
        CommentFeatures(body=f"جربوا {variant} اليوم"), blocklist=blocklist
    )
    assert "blocked_word" in codes(reasons)


def test_blocklist_hamza_variants_match_both_ways() -> None:
    blocklist = Blocklist.build(words=["أرباح سريعة"])  # phrase with hamza
    reasons = score_rules(
        CommentFeatures(body="احصل على ارباح سريعه الان"), blocklist=blocklist
    )
    assert "blocked_word" in codes(reasons)
    blocklist = Blocklist.build(words=["اسهم"])
    reasons = score_rules(CommentFeatures(body="أسهم رابحة"), blocklist=blocklist)
    assert "blocked_word" in codes(reasons)


def test_blocklist_does_not_match_inside_unrelated_words() -> None:
    blocklist = Blocklist.build(words=["كازينو"])
    reasons = score_rules(CommentFeatures(body=GOOD), blocklist=blocklist)
    assert reasons == []


def test_blocklisted_domain_in_body_website_or_email() -> None:
    blocklist = Blocklist.build(domains=["spam.example"])
    for features in (
        CommentFeatures(body="see https://www.shop.spam.example/offer now"),
        CommentFeatures(body=GOOD, url="http://spam.example"),
        CommentFeatures(body=GOOD, email="bot@spam.example"),
    ):
        verdict = score_comment(features, blocklist=blocklist)
        assert "blocked_domain" in codes(verdict.reasons)
        assert verdict.decision == "spam"


def test_five_links_are_held_or_spam() -> None:
    body = " ".join(f"https://site{i}.example.com/p" for i in range(5))
    verdict = score_comment(CommentFeatures(body=f"{GOOD} {body}"))
    links = [r for r in verdict.reasons if r.code == "links"]
    assert links and "5" in links[0].message
    assert verdict.decision in {"pending", "spam"}


def test_one_link_alone_does_not_hold_a_comment() -> None:
    verdict = score_comment(
        CommentFeatures(body=f"{GOOD} المصدر: https://example.org/report")
    )
    assert verdict.decision == "approve"


def test_whatsapp_phone_sales_pattern() -> None:
    verdict = score_comment(
        CommentFeatures(body="للتواصل واتساب 0551234567 متجر خصم على كل المنتجات")
    )
    assert {"phone_number", "contact_app", "commerce", "contact_sales"} <= codes(
        verdict.reasons
    )
    assert verdict.decision in {"pending", "spam"}


def test_arabic_indic_phone_digits_are_recognised() -> None:
    reasons = score_rules(CommentFeatures(body="اتصل على ٠٥٥١٢٣٤٥٦٧"))
    assert "phone_number" in codes(reasons)


def test_years_and_prices_are_not_phone_numbers() -> None:
    reasons = score_rules(CommentFeatures(body="في عام 2024 بلغ السعر 1500 ريال"))
    assert "phone_number" not in codes(reasons)


def test_cyrillic_comment_on_arabic_article() -> None:
    reasons = score_rules(
        CommentFeatures(body="Купить дешево здесь лучшие товары", article_lang="ar")
    )
    assert "foreign_script" in codes(reasons)


def test_cjk_comment_on_english_article() -> None:
    reasons = score_rules(
        CommentFeatures(body="这是一个非常好的产品请购买", article_lang="en")
    )
    assert "foreign_script" in codes(reasons)


def test_latin_on_arabic_article_is_mild_and_worse_with_links() -> None:
    plain = score_rules(CommentFeatures(body="Great article, thank you so much"))
    assert codes(plain) == {"latin_on_arabic"}
    linked = score_rules(
        CommentFeatures(body="Great article, see http://cheap.example.com")
    )
    assert "non_arabic_with_links" in codes(linked)
    english = score_rules(
        CommentFeatures(body="Great article, thank you so much", article_lang="en")
    )
    assert english == []


def test_homoglyph_mixed_script_word() -> None:
    reasons = score_rules(CommentFeatures(body="best cаsino bonus", article_lang="en"))
    assert "mixed_script" in codes(reasons)


def test_all_caps_and_repeated_symbols() -> None:
    reasons = score_rules(
        CommentFeatures(body="BUY NOW BEST PRICE EVER!!!!!!!", article_lang="en")
    )
    assert {"all_caps", "repeated_chars"} <= codes(reasons)


def test_arabic_laughter_and_stretching_are_not_punished() -> None:
    reasons = score_rules(CommentFeatures(body="ههههههه جمييييل والله"))
    assert reasons == []


def test_duplicate_and_rate_counts_from_caller() -> None:
    verdict = score_comment(
        CommentFeatures(
            body=GOOD,
            duplicate_body_seen=True,
            same_ip_count_recent=8,
            same_email_count_recent=20,
        )
    )
    assert {"duplicate", "rate_ip", "rate_email"} <= codes(verdict.reasons)
    assert verdict.decision == "spam"


def test_trusted_author_lowers_the_score() -> None:
    base = score_comment(CommentFeatures(body=f"{GOOD} https://a.example.com"))
    trusted = score_comment(
        CommentFeatures(body=f"{GOOD} https://a.example.com", author_approved_count=7)
    )
    assert trusted.score < base.score
    assert "trusted_author" in codes(trusted.reasons)


def test_reason_messages_are_arabic_sentences() -> None:
    verdict = score_comment(
        CommentFeatures(
            body="BUY http://a.example.com http://b.example.com 0551234567",
            honeypot="x",
            seconds_to_submit=0.5,
        )
    )
    assert len(verdict.reasons) >= 4
    for reason in verdict.reasons:
        assert any("\u0621" <= ch <= "\u064a" for ch in reason.message)
        assert reason.message.endswith(".")
    assert verdict.messages[0] == max(verdict.reasons, key=lambda r: r.weight).message


def test_thresholds_route_three_ways() -> None:
    thresholds = Thresholds(pending=2.0, spam=5.0)
    assert thresholds.decide(1.9) == "approve"
    assert thresholds.decide(2.0) == "pending"
    assert thresholds.decide(5.0) == "spam"
    with pytest.raises(ValueError, match="pending"):
        Thresholds(pending=6.0, spam=5.0)


def test_custom_thresholds_are_used() -> None:
    features = CommentFeatures(body=GOOD, seconds_to_submit=1.0)
    assert score_comment(features).decision == "pending"
    assert (
        score_comment(features, thresholds=Thresholds(pending=1, spam=4)).decision
        == "spam"
    )


def test_classifier_points_are_monotone_and_bounded() -> None:
    probabilities = [0.0, 1e-9, 0.1, 0.5, 0.82, 0.9, 0.999, 0.99999, 1.0]
    points = [classifier_points(p) for p in probabilities]
    assert points == sorted(points)
    assert points[0] >= -2.0 and points[-1] <= 7.5
    assert classifier_points(0.5) == 0.0
    assert classifier_points(0.82) >= 3.0 - 0.1  # alone, enough to hold


def test_extra_reasons_from_backends_are_combined() -> None:
    extra = [Reason("akismet_spam", "صنّفت خدمة Akismet التعليق رسالة مزعجة.", 4.0)]
    verdict = score_comment(CommentFeatures(body=GOOD), extra_reasons=extra)
    assert verdict.decision == "pending"
    assert "akismet_spam" in codes(verdict.reasons)
