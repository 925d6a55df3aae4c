"""The daily link check: a task that queues its next run, queued once by migrate where a worker runs tasks."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from redirects import tasks
from redirects.models import Link

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued():
    return DBTaskResult.objects.filter(task_path=tasks.check_links_daily.module_path, status=TaskResultStatus.READY)


def test_the_next_run_is_at_night_in_the_site_s_time_zone():
    assert tasks.next_run(datetime(2026, 12, 6, 21, 0, tzinfo=PARIS)) == datetime(2026, 12, 7, 4, 0, tzinfo=PARIS)
    assert tasks.next_run(datetime(2026, 12, 6, 2, 0, tzinfo=PARIS)) == datetime(2026, 12, 6, 4, 0, tzinfo=PARIS)
    assert tasks.next_run(datetime(2026, 12, 6, 3, 30, tzinfo=PARIS)) == datetime(2026, 12, 7, 4, 0, tzinfo=PARIS)


def test_the_task_checks_the_links_and_reports_its_counts(make_article):
    make_article(body='<p><a href="/articles/nulle-part/">x</a></p>')
    result = tasks.check_links_daily.enqueue()  # the immediate backend runs it at once
    assert result.return_value["broken"] == 1
    assert Link.objects.get().state == Link.State.BROKEN


def test_where_tasks_wait_for_a_worker_the_check_is_queued_once_and_requeues_itself(settings, make_article):
    settings.TASKS = DATABASE_TASKS
    tasks.ensure_scheduled()
    tasks.ensure_scheduled()  # a second migrate queues no second check
    assert queued().count() == 1
    waiting = queued().get()
    assert waiting.run_after > waiting.enqueued_at
    waiting.task.call()  # as db_worker runs it (and would then mark it done)
    assert queued().exclude(pk=waiting.pk).get().run_after > waiting.enqueued_at  # the next night's


def test_where_tasks_run_at_once_nothing_is_queued_by_migrate(make_article):
    tasks.ensure_scheduled()
    assert not DBTaskResult.objects.exists()
