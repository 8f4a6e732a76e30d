"""Benchmark and quality report for ``khabar.search.arabic``.

Run on demand (not part of the test suite)::

    .venv/bin/python bench/arabic_analyzer.py [--articles N]

It reads the ANT corpus from ``/work/shared/corpus`` (or ``$KHABAR_CORPUS``)
and prints

1. throughput in words/s of ``str.split`` (the baseline), ``normalize``,
   ``normalize`` + ``tokenize``, the full ``analyze`` pipeline, and each stemmer
   candidate on the same token stream, each with its ratio to the baseline;
2. conflation and collision rates of the candidates:

   * *conflation*: share of variants (``والاستخبارات``, ``بالاستخبارات`` …)
     that get the same stem as their family's base form, on hand-made families
     and on families mined from the corpus (base word + attested proclitic or
     pronoun/plural variants);
   * *collision*: share of hand-picked pairs of distinct words (``سور``/``سوريا``,
     ``كامل``/``امل``, ``لجنة``/``جنة``) that get the same stem;
   * *stems/words*: distinct stems over distinct words in the corpus
     vocabulary (lower = more aggressive).

Optional candidates (``nltk`` ISRI, ``tashaphyne``) are skipped when the
package is not installed.  No corpus text is written anywhere.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from khabar.search.arabic import analyze, normalize, stem, tokenize
from khabar.search.arabic.stem import LightStemmer, light_stem
from khabar.search.arabic.stopwords import STOPWORDS

CORPUS_DIR = Path(os.environ.get("KHABAR_CORPUS", "/work/shared/corpus"))

Stemmer = Callable[[str], str]

# Words of the same family (ordinary spelling; normalised before stemming).
# The first word is the base form.
FAMILIES: list[str] = [
    "الاستخبارات استخبارات والاستخبارات باستخبارات بالاستخبارات وللاستخبارات "
    "الإستخبارات",
    "مسؤول المسؤولين مسؤولون المسؤول للمسؤولين والمسؤولين المسئولين مسؤولي",
    "سوريا بسوريا وسوريا لسوريا وبسوريا",
    "مدرسة المدرسة المدرسه مدرستها بالمدرسة",
    "مستشفى مستشفي المستشفى بالمستشفى مستشفيات المستشفيات",
    "حكومة الحكومة حكومات الحكومات حكومته حكومتها للحكومة والحكومة",
    "رئيس الرئيس والرئيس للرئيس رئيسها رئيسة",
    "انتخابات الانتخابات بالانتخابات والانتخابات للانتخابات انتخاب",
    "مصري المصري المصريين مصريون المصرية مصرية",
    "سوري السوري السوريين السورية سوريون",
    "لاعب اللاعب اللاعبين لاعبون لاعبي",
    "فريق الفريق بالفريق للفريق فريقه فريقها فريقنا",
    "شركة الشركة الشركات شركات بالشركة للشركة شركته",
    "معلم المعلمون المعلمين معلمون للمعلمين المعلمات معلمة",
    "وزير الوزير ووزير للوزير والوزير وزيرة",
    "قرار القرار قرارات القرارات قراره قراراتها بقرار",
    "منتخب المنتخب للمنتخب بالمنتخب والمنتخب منتخبنا",
    "اقتصاد الاقتصاد والاقتصاد بالاقتصاد للاقتصاد اقتصادها",
    "ولايات الولايات والولايات بالولايات",
    "متظاهر المتظاهرين متظاهرين المتظاهرون",
    "دولة الدولة والدولة للدولة بالدولة دولتها",
    "كتاب الكتاب بالكتاب كتابه كتابها للكتاب",
    "العراق والعراق بالعراق للعراق",
    "لبنان ولبنان بلبنان للبنان",
    "بريطانيا وبريطانيا لبريطانيا ببريطانيا",
    "فلسطين وفلسطين بفلسطين لفلسطين",
    "جيش الجيش والجيش بالجيش للجيش جيشها",
    "سعودية السعودية والسعودية بالسعودية للسعودية السعودي",
    "احتلال الاحتلال والاحتلال بالاحتلال للاحتلال",
    "مباراة المباراة مباريات المباريات بالمباراة للمباراة",
    "ترامب وترامب لترامب بترامب",
    "روسيا وروسيا لروسيا بروسيا",
    "تحقيق التحقيق والتحقيق بالتحقيق للتحقيق تحقيقات التحقيقات",
    "طالبة الطالبة الطالبات طالبات",
]

# Distinct words that a good stemmer keeps apart.
COLLISIONS: list[tuple[str, str]] = [
    ("سور", "سوريا"),
    ("سور", "سوري"),
    ("مصر", "مصري"),
    ("كتب", "كتاب"),
    ("لبن", "لبنان"),
    ("سود", "سودان"),
    ("سليم", "سليمان"),
    ("امل", "كامل"),
    ("جنة", "لجنة"),
    ("كره", "فكرة"),
    ("ريق", "فريق"),
    ("بئر", "كبير"),
    ("تاب", "كتاب"),
    ("لام", "كلام"),
    ("جود", "وجود"),
    ("زار", "وزارة"),
    ("أحد", "واحد"),
    ("سائل", "وسائل"),
    ("أب", "باب"),
    ("حر", "بحر"),
    ("حث", "بحث"),
    ("طير", "طيران"),
    ("زيت", "زيتون"),
    ("فرع", "فرعون"),
    ("تمر", "تمرين"),
    ("أم", "أمان"),
    ("حس", "حسين"),
    ("يأس", "ياسين"),
    ("عشر", "عشرين"),
    ("خمس", "خمسين"),
    ("عم", "عمان"),
    ("برك", "بركان"),
    ("ضم", "ضمان"),
    ("مدرس", "مدرسة"),
    ("دول", "دولة"),
    ("عمل", "عملة"),
    ("جامع", "جامعة"),
    ("اليمن", "يمين"),
    ("حي", "حياة"),
    # bare ب/ل/ك/و + a word that is itself another word
    ("طاقة", "بطاقة"),
    ("طول", "بطولة"),
    ("حظه", "لحظة"),
    ("حيرة", "بحيرة"),
    ("عثة", "بعثة"),
    ("تائب", "كتائب"),
    ("لديه", "بلدية"),
    ("الرقة", "ورقة"),
    ("حدة", "وحدة"),
    ("رشة", "ورشة"),
]

PROCLITICS = "و ف ب ل ك ال وال بال فال كال لل وب ول ولل وبال".split()
PRONOUNS = "ها هم هما كم نا".split()


def iter_texts(limit: int | None) -> Iterator[str]:
    count = 0
    for path in sorted(CORPUS_DIR.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                yield f"{record.get('title', '')}\n{record.get('body', '')}"
                count += 1
                if limit is not None and count >= limit:
                    return


def rate(func: Callable[[], object], words: int, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return words / best


def candidates() -> dict[str, Stemmer]:
    import snowballstemmer

    snowball = snowballstemmer.stemmer("arabic")
    found: dict[str, Stemmer] = {
        "khabar (default)": light_stem,
        "khabar, no bare ب/ل/ك": LightStemmer(particle_min=0),
        "khabar, bare ب/ل/ك rest>=4": LightStemmer(particle_min=4),
        "khabar, و rest>=3": LightStemmer(waw_min=3),
        "khabar, ان rest>=3": LightStemmer(an_min=3),
        "khabar, strip final ي": LightStemmer(keep_yaa=False),
        "khabar, no ت→ة before pronoun": LightStemmer(taa_min=0),
        "Light10 (Larkey 2007)": light10,
        "snowball arabic": snowball.stemWord,
    }
    try:
        from nltk.stem.isri import ISRIStemmer

        found["nltk ISRI (root)"] = ISRIStemmer().stem
    except ImportError:
        print("(nltk not installed: ISRI skipped)")
    try:
        from tashaphyne.stemming import ArabicLightStemmer

        found["tashaphyne light"] = ArabicLightStemmer().light_stem
    except ImportError:
        print("(tashaphyne not installed: skipped)")
    return found


def light10(word: str) -> str:
    """Light10 as published: و, then one article, then suffixes in order."""
    if len(word) - 1 >= 3 and word.startswith("و"):
        word = word[1:]
    for prefix in ("ال", "وال", "بال", "كال", "فال", "لل"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix) :]
            break
    for suffix in ("ها", "ان", "ات", "ون", "ين", "يه", "يه", "ه", "ه", "ي"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


def mined_families(vocab: Counter[str]) -> list[list[str]]:
    families = []
    for base, freq in vocab.items():
        if freq < 30 or len(base) < 3 or base.startswith("ال") or base in STOPWORDS:
            continue
        if not base.isalpha() or base.isascii():
            continue
        variants = [p + base for p in PROCLITICS if p != "لل" or base[0] != "ل"]
        variants += [base + s for s in PRONOUNS]
        if base.endswith("ه"):
            stem = base[:-1]
            variants += [stem + "ات", "ال" + stem + "ات", stem + "تها", stem + "ته"]
        variants = [v for v in variants if vocab[v] >= 3]
        if variants:
            families.append([base, *variants])
    return families


def conflation(stem: Stemmer, families: Iterable[list[str]]) -> float:
    hits = total = 0
    for base, *variants in families:
        target = stem(base)
        for variant in variants:
            total += 1
            hits += stem(variant) == target
    return 100 * hits / total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=4000, help="speed sample")
    args = parser.parse_args()
    if not any(CORPUS_DIR.glob("*.jsonl.gz")):
        print(f"Corpus not found in {CORPUS_DIR}; nothing to benchmark.")
        return 0

    texts = list(iter_texts(args.articles))
    words = sum(len(t.split()) for t in texts)
    print(f"speed sample: {len(texts)} articles, {words:,} words\n")

    base = rate(lambda: [t.split() for t in texts], words)
    normalized = [normalize(t) for t in texts]
    tokens = [tok for t in normalized for tok in tokenize(t) if tok not in STOPWORDS]
    rows = [
        ("str.split (baseline)", base),
        ("normalize", rate(lambda: [normalize(t) for t in texts], words)),
        (
            "normalize + tokenize",
            rate(lambda: [tokenize(normalize(t)) for t in texts], words),
        ),
        ("analyze (cached stem)", rate(lambda: [analyze(t) for t in texts], words)),
    ]
    print(f"{'step':<40}{'words/s':>14}{'x baseline':>12}")
    for name, value in rows:
        print(f"{name:<40}{value:>14,.0f}{value / base:>12.3f}")

    found = candidates()
    print(f"\nstemmers alone on {len(tokens):,} non-stopword tokens (no cache)")
    print(f"{'stemmer':<40}{'tokens/s':>14}{'x baseline':>12}")
    speed: dict[str, float] = {}
    for name, stemmer in found.items():
        sample = (
            tokens if "ISRI" not in name and "tasha" not in name else tokens[:50_000]
        )
        speed[name] = rate(
            lambda s=stemmer, x=sample: [s(w) for w in x], len(sample), 1
        )
        print(f"{name:<40}{speed[name]:>14,.0f}{speed[name] / base:>12.3f}")
    cached = lru_cache(maxsize=100_000)(light_stem)
    for name, func in (
        ("khabar + lru_cache(100k)", cached),
        ("khabar stem (dict)", stem),
    ):
        value = rate(lambda f=func: [f(w) for w in tokens], len(tokens))
        print(f"{name:<40}{value:>14,.0f}{value / base:>12.3f}")

    print("\nbuilding corpus vocabulary for quality metrics …")
    vocab: Counter[str] = Counter()
    for text in iter_texts(None):
        vocab.update(tokenize(normalize(text)))
    arabic_vocab = [w for w, n in vocab.items() if n >= 2 and not w.isascii()]
    mined = mined_families(vocab)
    hand = [[normalize(w) for w in f.split()] for f in FAMILIES]
    pairs = [(normalize(a), normalize(b)) for a, b in COLLISIONS]
    n_mined = sum(len(f) - 1 for f in mined)
    print(
        f"{len(hand)} hand families ({sum(len(f) - 1 for f in hand)} variants), "
        f"{len(mined)} mined families ({n_mined} variants), "
        f"{len(pairs)} collision pairs, {len(arabic_vocab):,} vocabulary words\n"
    )
    head = f"{'stemmer':<40}{'hand conf%':>11}{'mined conf%':>12}{'collide%':>10}"
    print(head + f"{'stems/words':>13}")
    for name, stemmer in found.items():
        words_sample = arabic_vocab if speed[name] > 200_000 else arabic_vocab[:30_000]
        stems = {stemmer(w) for w in words_sample}
        collide = 100 * sum(stemmer(a) == stemmer(b) for a, b in pairs) / len(pairs)
        print(
            f"{name:<40}{conflation(stemmer, hand):>11.1f}"
            f"{conflation(stemmer, mined):>12.1f}{collide:>10.1f}"
            f"{len(stems) / len(words_sample):>13.3f}"
        )
    default = found["khabar (default)"]
    bad = [f"{a}/{b}" for a, b in pairs if default(a) == default(b)]
    print("\nkhabar (default) collisions:", " ".join(bad) or "none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
