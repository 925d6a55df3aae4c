"""The daily link check, as a task: run by `manage.py db_worker` where the database backend queues tasks.

The task queues its next run for the following night as it ends, and migrate
queues the first one when none waits (ensure_scheduled), so a site with a
worker checks its links every day with no cron job. Backends that cannot defer
a task (the immediate one, while developing) schedule nothing.
"""

from datetime import datetime, time, timedelta

from django.tasks import default_task_backend, task
from django.utils import timezone

from redirects.linkcheck import check_links
from redirects.models import Link
from redirects.renames import rewrite_links

# At night, when readers are fewest (the site's time zone).
HOUR = time(4, 0)


def next_run(now=None):
    """The next HOUR in the site's time zone, at least an hour from `now`."""
    now = timezone.localtime(now or timezone.now())
    run = datetime.combine(now.date(), HOUR, tzinfo=now.tzinfo)
    while run < now + timedelta(hours=1):
        run = datetime.combine(run.date() + timedelta(days=1), HOUR, tzinfo=now.tzinfo)
    return run


@task
def check_links_daily():
    """Follow renames, check every link, queue tomorrow's check; returns the counts of the run."""
    try:
        rewritten = rewrite_links()
        report = check_links()
    finally:
        schedule()
    return {
        "rewritten": rewritten,
        "checked": report.checked,
        "broken": Link.objects.filter(state=Link.State.BROKEN).count(),
        "redirected": Link.objects.filter(state=Link.State.REDIRECTED).count(),
        "left_for_later": report.left_for_later,
    }


def schedule():
    """Queue the next daily check, where the backend can run a task later; the result, or None."""
    if not default_task_backend.supports_defer:
        return None
    return check_links_daily.using(run_after=next_run()).enqueue()


def ensure_scheduled(**kwargs):
    """After migrate: queue the daily check unless one already waits (django_tasks_db's queue)."""
    if not default_task_backend.supports_defer:
        return
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=check_links_daily.module_path, status=TaskResultStatus.READY)
    if not waiting.exists():
        schedule()
