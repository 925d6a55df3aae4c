"""The admin of categories, authors and tags, as editors manage them."""

import pytest
from django.urls import reverse
from taggit.models import Tag

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:articles_category_changelist",
        "admin:articles_category_add",
        "admin:articles_author_changelist",
        "admin:articles_author_add",
        "admin:taggit_tag_changelist",
        "admin:taggit_tag_add",
    ],
)
def test_an_editor_can_manage_categories_authors_and_tags(editor_client, desk, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 200


def test_an_editor_can_open_category_author_and_tag_change_forms(editor_client, desk):
    article = desk["published"]
    for url in [
        reverse("admin:articles_category_change", args=[article.category_id]),
        reverse("admin:articles_author_change", args=[article.author_id]),
        reverse("admin:taggit_tag_change", args=[Tag.objects.get(name="seo").pk]),
    ]:
        assert editor_client.get(url).status_code == 200, url


@pytest.mark.parametrize(("field_name", "make"), [("author", "make_author"), ("category", "make_category")])
def test_the_author_and_category_autocompletes_list_names_alphabetically(editor_client, request, field_name, make):
    factory = request.getfixturevalue(make)
    for name in ["Julien", "Amina", "Claire"]:
        factory(name=name)
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": field_name, "term": ""},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Amina", "Claire", "Julien"]
