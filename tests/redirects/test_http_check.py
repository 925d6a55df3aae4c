"""Links to other sites, checked against a server of the test's own: every answer, bounded in time and size."""

import time

import pytest

from redirects.http_check import check_url
from redirects.models import Link

pytestmark = pytest.mark.django_db

State = Link.State


def test_a_working_page_is_ok(web_server):
    result = check_url(f"{web_server}/ok")
    assert (result.state, result.status_code) == (State.OK, 200)
    assert [request[1] for request in web_server.requests] == ["HEAD"]


def test_a_moved_page_is_redirected_and_says_where(web_server):
    result = check_url(f"{web_server}/moved")
    assert result.state == State.REDIRECTED
    assert result.redirected_to == f"{web_server}/ok"


@pytest.mark.parametrize("path, status", [("/missing", 404), ("/gone", 410), ("/error", 500)])
def test_missing_gone_and_failing_pages_are_broken(web_server, path, status):
    result = check_url(f"{web_server}{path}")
    assert (result.state, result.status_code) == (State.BROKEN, status)
    assert str(status) in result.error
    # HEAD is not always told the truth: the GET confirms.
    assert [request[1] for request in web_server.requests] == ["HEAD", "GET"]


def test_a_server_refusing_head_is_asked_with_get(web_server):
    assert check_url(f"{web_server}/no-head").state == State.OK


def test_a_server_refusing_robots_is_not_called_broken(web_server):
    result = check_url(f"{web_server}/forbidden")
    assert (result.state, result.status_code) == (State.UNVERIFIED, 403)


def test_a_redirect_loop_is_named(web_server):
    result = check_url(f"{web_server}/loop-a")
    assert result.state == State.BROKEN
    assert result.error == "Boucle de redirections."


def test_a_server_that_does_not_answer_costs_the_timeout_only(web_server):
    started = time.monotonic()
    result = check_url(f"{web_server}/slow")
    assert time.monotonic() - started < 3
    assert result.state == State.BROKEN
    assert "0.5" in result.error or "0,5" in result.error


def test_a_huge_answer_is_read_no_further_than_a_little(web_server):
    started = time.monotonic()
    result = check_url(f"{web_server}/huge")
    assert result.state == State.OK
    assert time.monotonic() - started < 3


def test_a_tls_error_is_broken_with_its_reason(web_server):
    result = check_url(f"https://127.0.0.1:{web_server.port}/ok")
    assert result.state == State.BROKEN
    assert result.error.startswith("Erreur TLS")


def test_a_closed_port_is_broken(web_server, closed_port):
    result = check_url(f"http://127.0.0.1:{closed_port}/")
    assert (result.state, result.error) == (State.BROKEN, "Connexion refusée.")


def test_the_user_agent_is_a_browser_s_naming_the_site(web_server):
    check_url(f"{web_server}/ok")
    agent = web_server.requests[0][3]
    assert agent.startswith("Mozilla/5.0") and "Refbax" in agent and "http://127.0.0.1:8000/" in agent


def test_private_addresses_are_not_fetched_unless_allowed(web_server, settings):
    settings.LINK_CHECK_PRIVATE_ADDRESSES = False
    result = check_url(f"{web_server}/ok")
    assert result.state == State.UNVERIFIED
    assert web_server.requests == []


def test_hosts_that_refuse_robots_are_not_fetched(settings):
    settings.LINK_CHECK_SKIP_HOSTS = {"www.linkedin.com"}
    assert check_url("https://www.linkedin.com/in/quelquun/").state == State.UNVERIFIED
