"""python manage.py check_links [--internal-only] [--budget SECONDS]: every link of the published articles."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from redirects.linkcheck import check_links
from redirects.models import Link
from redirects.renames import rewrite_links


class Command(BaseCommand):
    help = "Check every link of the published articles and print the broken ones, with the articles that show them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--internal-only", action="store_true", help="Check only the links to this site (no request leaves)."
        )
        parser.add_argument("--budget", type=float, help="Stop fetching other sites after this many seconds.")

    def handle(self, *args, internal_only=False, budget=None, **options):
        rewritten = rewrite_links()
        if rewritten:
            self.stdout.write(_("Links to renamed pages rewritten in %(count)s articles.") % {"count": rewritten})
        report = check_links(internal_only=internal_only, budget=budget)
        for article, left_out in report.too_many_links:
            self.stderr.write(
                _("“%(title)s” has too many links: %(count)s were not checked.")
                % {"title": article.title, "count": left_out}
            )
        broken = list(report.links(Link.State.BROKEN))
        if internal_only:
            broken = [link for link in broken if link.internal]
        for link in broken:
            titles = ", ".join(f"«\u00a0{article.title}\u00a0»" for article in link.articles.all())
            problem = link.error or str(link.status_code or "")
            self.stdout.write(f"{link.url} — {problem} — {_('found in')} {titles}")
        redirected = report.links(Link.State.REDIRECTED).count()
        summary = ngettext(
            "%(checked)d link checked: %(broken)d broken, %(redirected)d redirected.",
            "%(checked)d links checked: %(broken)d broken, %(redirected)d redirected.",
            report.checked,
        ) % {"checked": report.checked, "broken": len(broken), "redirected": redirected}
        self.stdout.write(summary, self.style.ERROR if broken else self.style.SUCCESS)
        if report.left_for_later:
            left = {"count": report.left_for_later}
            self.stdout.write(_("%(count)s links left for the next run: the time budget is spent.") % left)
