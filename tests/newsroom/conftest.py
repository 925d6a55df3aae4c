"""Fixtures of the newsroom's tests: the editors, a writer's own draft, and another editor's browser."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from articles.models import Article
from site_settings.roles import EDITORS


@pytest.fixture
def editors(django_user_model, editor):
    """The "editor" fixture and a second editor, plus one without e-mail and one whose account is closed."""
    group = Group.objects.get(name=EDITORS)
    others = [
        django_user_model.objects.create_user("chef", "chef@example.com", is_staff=True),
        django_user_model.objects.create_user("sans-adresse", "", is_staff=True),
        django_user_model.objects.create_user("partie", "partie@example.com", is_staff=True, is_active=False),
    ]
    group.user_set.add(*others)
    return [editor, *others]


@pytest.fixture
def own_draft(writer, make_article):
    """A draft signed with the writer's own author profile."""
    return make_article(title="Mon brouillon", status=Article.Status.DRAFT, author=writer.author_profile)


@pytest.fixture
def submitted(own_draft):
    """The writer's draft, submitted for review ten days after it was started."""
    own_draft.status = Article.Status.IN_REVIEW
    own_draft.published_at = timezone.now() - timedelta(days=10)  # when the writer started it
    own_draft.save()
    return own_draft


@pytest.fixture
def make_editor(django_user_model):
    """make_editor(username, first_name=""): another member of the editors' group, logged in a client of their own."""

    def make(username, first_name=""):
        user = django_user_model.objects.create_user(username, f"{username}@example.com", first_name=first_name)
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=EDITORS))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make
