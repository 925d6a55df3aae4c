"""The one slug rule (articles.slugs): any script, every model, taggit's tags, and the admin's live slug."""

import pytest
from taggit.models import Tag

from articles.slugs import french_slugify

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Référencement à l'ère de l'IA", "referencement-a-l-ere-de-l-ia"),
        ("Иван Петров", "ivan-petrov"),
        ("Пётр Сидоров", "petr-sidorov"),
        ("Νέα της αγοράς", "nea-tis-agoras"),
        ("أخبار الرياضة", "khbr-lrydh"),
        ("北京欢迎你", "bei-jing-huan-ying-ni"),
        ("東京の天気", "dong-jing-no-tian-qi"),
        ("서울 뉴스", "seo-ul-nyu-seu"),
        ("Straße, œuvre, Łódź", "strasse-oeuvre-lodz"),
        ("!!!", "sans-titre"),
    ],
)
def test_names_in_any_script_keep_their_meaning(text, slug):
    assert french_slugify(text) == slug


def test_two_names_in_another_script_get_two_slugs(make_author, make_category):
    assert make_author(name="Иван Петров").slug != make_author(name="Пётр Сидоров").slug
    assert [make_category(name=name).slug for name in ("Новости", "Спорт")] == ["novosti", "sport"]


def test_a_long_name_is_cut_at_a_word():
    slug = french_slugify("référencement " * 20, 50)
    assert len(slug) <= 50
    assert slug.split("-") == ["referencement"] * 3


def test_tags_made_by_taggit_follow_the_same_rule(make_article):
    article = make_article(tags=["Поисковая оптимизация", "L’été", "SEO"])
    assert set(article.tags.values_list("slug", flat=True)) == {"poiskovaya-optimizatsiya", "l-ete", "seo"}
    other = make_article(tags=["Поисковая Оптимизация!"])  # another name, the same slug
    assert list(other.tags.values_list("slug", flat=True)) == ["poiskovaya-optimizatsiya-2"]


def test_a_tag_slug_chosen_by_hand_is_kept():
    assert Tag.objects.create(name="Marketing", slug="mkt").slug == "mkt"


# The admin's live slug: static/js/admin-slug.js asks the server


def test_the_live_slug_is_the_servers_own_with_the_suffix_of_a_taken_one(editor_client, make_article):
    answer = editor_client.get("/apercu/slug/", {"model": "article", "text": "Новости дня"})
    assert answer.json() == {"slug": "novosti-dnya"}
    assert "no-store" in answer["Cache-Control"]
    taken = make_article(title="Новости дня")
    assert editor_client.get("/apercu/slug/", {"model": "article", "text": "Новости дня"}).json() == {
        "slug": "novosti-dnya-2"
    }
    # The article's own slug is not "taken" on its own change page.
    mine = editor_client.get("/apercu/slug/", {"model": "article", "text": "Новости дня", "pk": taken.pk})
    assert mine.json() == {"slug": "novosti-dnya"}


def test_the_live_slug_is_for_staff_only(client):
    answer = client.get("/apercu/slug/", {"model": "article", "text": "x"})
    assert answer.status_code == 302 and "/login/" in answer["Location"]


def test_the_live_slug_is_for_those_who_may_write_that_kind_of_row(moderator_client):
    assert moderator_client.get("/apercu/slug/", {"model": "category", "text": "x"}).status_code == 403


def test_the_live_slug_refuses_an_unknown_model_clearly(editor_client):
    answer = editor_client.get("/apercu/slug/", {"model": "user", "text": "x"})
    assert answer.status_code == 400
    assert answer.json() == {"error": "Type d’objet inconnu."}


def test_the_admin_forms_load_the_live_slug_script(admin_client):
    for url in (
        "/admin/articles/article/add/",
        "/admin/articles/category/add/",
        "/admin/articles/author/add/",
        "/admin/taggit/tag/add/",
    ):
        page = admin_client.get(url).content.decode()
        assert 'src="/static/js/admin-slug.js"' in page and 'data-url="/apercu/slug/"' in page, url
