import itertools

import pytest

from articles.reading_time import estimate_reading_time, image_seconds
from articles.text import count_words, visible_words_and_images

# Real French words, elisions and compounds included: each entry is one word to a reader.
FRENCH_WORDS = [
    "l'intelligence", "artificielle", "change", "aujourd’hui", "la", "façon", "d'écrire", "pour",
    "le", "web", "et", "peut-être", "aussi", "celle", "de", "référencer", "chaque", "page",
    "qu'on", "publie", "sur", "un", "blog", "professionnel", "français",
]  # fmt: skip


def french_prose(word_count, words_per_paragraph=60):
    """HTML paragraphs holding exactly `word_count` words, with French spaced punctuation around them."""
    pool = itertools.cycle(FRENCH_WORDS)
    paragraphs = []
    remaining = word_count
    while remaining:
        size = min(words_per_paragraph, remaining)
        tokens = [next(pool) for _ in range(size)]
        # Punctuation that French surrounds with spaces is never a word.
        tokens.insert(size // 4, ":")
        tokens.insert(size // 2, "—")
        tokens[0] = "« " + tokens[0]
        tokens[-1] += " » !"
        paragraphs.append(f"<p>{' '.join(tokens)}</p>")
        remaining -= size
    return "".join(paragraphs)


def test_a_937_word_french_article_reads_in_4_minutes():
    assert estimate_reading_time(french_prose(937)) == 4


def test_a_240_word_french_article_reads_in_1_minute():
    assert estimate_reading_time(french_prose(240)) == 1


def test_a_1200_word_french_article_reads_in_5_minutes():
    assert estimate_reading_time(french_prose(1200)) == 5


def test_tags_and_attributes_are_never_counted():
    plain = "<p>" + " ".join(["mot"] * 250) + "</p>"
    decorated = (
        '<h2 title="un titre très long avec beaucoup de mots dedans">'
        + " ".join(["mot"] * 50)
        + '</h2><p><a href="https://example.com/un/deux/trois" title="encore des mots cachés">'
        + " ".join(["mot"] * 100)
        + '</a> <strong class="a b c d e f">'
        + " ".join(["mot"] * 100)
        + "</strong></p>"
    )
    assert visible_words_and_images(plain) == visible_words_and_images(decorated) == (250, 0)
    attributes_only = '<p title="' + " ".join(["mot"] * 2000) + '"></p>'
    assert visible_words_and_images(attributes_only) == (0, 0)
    assert estimate_reading_time(attributes_only) == 1


def test_script_and_style_content_is_not_read():
    hidden = " ".join(["invisible"] * 2000)
    html = f"<script>{hidden}</script><style>{hidden}</style><p>Bonjour</p>"
    assert visible_words_and_images(html) == (1, 0)
    assert estimate_reading_time(html) == 1


def test_words_in_adjacent_block_tags_are_separate_words():
    assert visible_words_and_images("<p>a</p><p>b</p>") == (2, 0)
    assert visible_words_and_images("<ul><li>un</li><li>deux</li></ul><h2>trois</h2>quatre<br>cinq") == (5, 0)
    # Inline markup inside a word does not split it.
    assert visible_words_and_images("<p>ré<strong>férencement</strong></p>") == (1, 0)


def test_elisions_and_contractions_count_as_one_word():
    assert count_words("l'intelligence") == 1
    assert count_words("aujourd’hui") == 1
    assert count_words("Qu'est-ce qu’on attend ?") == 3


def test_french_spaced_punctuation_is_not_counted():
    assert count_words("« Bonjour » : oui ! Non ? Peut-être — ou pas ; enfin…") == 7


def test_markup_words_are_counted_once_in_a_realistic_body():
    html = (
        "<h2>Pourquoi l'audit ?</h2>"
        '<p>Un <a href="/seo/">audit</a> révèle <em>vite</em> les erreurs.</p>'
        "<ul><li>Indexation</li><li>Vitesse</li></ul>"
        "<blockquote><p>« Mesurer avant d’agir » !</p></blockquote>"
    )
    assert visible_words_and_images(html) == (2 + 6 + 2 + 3, 0)


@pytest.mark.parametrize(
    ("images", "seconds"),
    [
        (0, 0),
        (1, 12),
        (2, 12 + 11),
        (10, 12 + 11 + 10 + 9 + 8 + 7 + 6 + 5 + 4 + 3),
        (12, 12 + 11 + 10 + 9 + 8 + 7 + 6 + 5 + 4 + 3 + 3 + 3),
    ],
)
def test_images_add_12_seconds_then_one_less_each_down_to_3(images, seconds):
    assert image_seconds(images) == seconds


def test_images_in_the_body_add_to_the_reading_time():
    text = french_prose(200)  # 48 s of reading
    assert estimate_reading_time(text) == 1
    # 48 s + 12 + 11 + … + 3 (10 images: 75 s) + 3 × 2 images = 129 s: 2 minutes.
    images = '<img src="/media/a.png" alt="">' * 12
    assert estimate_reading_time(text + images) == 2


@pytest.mark.parametrize("html", ["", "<p></p>", "<script>alert(1)</script>", "<p>Un mot</p>"])
def test_reading_time_is_never_less_than_one_minute(html):
    assert estimate_reading_time(html) == 1


def test_the_words_per_minute_setting_changes_the_estimate(settings):
    text = french_prose(937)
    settings.READING_WORDS_PER_MINUTE = 100
    assert estimate_reading_time(text) == 9
    settings.READING_WORDS_PER_MINUTE = 500
    assert estimate_reading_time(text) == 2


@pytest.mark.django_db
def test_the_stored_reading_time_is_recomputed_on_save(make_article):
    article = make_article(body=french_prose(240))
    assert article.reading_time == 1
    article.body = french_prose(937)
    article.save()
    article.refresh_from_db()
    assert article.reading_time == 4
    assert article.word_count == 937


@pytest.mark.django_db
def test_the_editors_override_wins_over_the_estimate(make_article):
    article = make_article(body=french_prose(937), reading_time_override=12)
    article.refresh_from_db()
    assert article.reading_time == 12
    article.reading_time_override = None
    article.save()
    article.refresh_from_db()
    assert article.reading_time == 4
