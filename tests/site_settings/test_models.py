"""The site settings: one row, kept until it changes, and a call-to-action link that cannot be a trap."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pagecache.changes import GENERATION_SQL as GENERATION_QUERY
from site_settings.models import SiteSettings, validate_link

pytestmark = pytest.mark.django_db


def test_site_settings_are_a_single_row_with_defaults_until_saved():
    assert not SiteSettings.objects.exists()
    site = SiteSettings.load()
    assert (site.pk, site.name) == (1, "Refbax")
    assert not SiteSettings.objects.exists()  # loading writes nothing
    with CaptureQueriesContext(connection) as queries:
        assert SiteSettings.load().pk == 1
    assert [query["sql"].endswith(GENERATION_QUERY) for query in queries] == [True]
    SiteSettings(name="Autre nom").save()
    SiteSettings(name="Encore un autre").save()
    assert SiteSettings.objects.count() == 1
    assert SiteSettings.load().name == "Encore un autre"


def test_saving_site_settings_refreshes_the_cached_copy():
    site = SiteSettings.load()
    site.tagline = "Nouveau slogan"
    site.save()
    assert SiteSettings.load().tagline == "Nouveau slogan"


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "//evil.example/",
        "ftp://example.com/",
        "vbscript:msgbox(1)",
    ],
)
def test_the_call_to_action_link_refuses_dangerous_urls(link):
    with pytest.raises(ValidationError):
        validate_link(link)
    site = SiteSettings(cta_title="Newsletter", cta_url=link)
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "cta_url" in error.value.message_dict


def test_the_call_to_action_link_refuses_a_backslash_protocol_relative_url():
    with pytest.raises(ValidationError):
        validate_link("/\\evil.example/")


@pytest.mark.parametrize("link", ["/contact/", "https://example.com/newsletter", "http://example.com/?a=1&b=2"])
def test_the_call_to_action_link_accepts_site_paths_and_web_urls(link):
    validate_link(link)
