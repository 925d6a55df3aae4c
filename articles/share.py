"""Share links built on the server: plain URLs, no third-party script or pixel.

Nothing is requested from a social network until the reader clicks.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ShareLink:
    network: str
    label: str  # visible name of the network
    action: str  # accessible name, such as "Partager sur LinkedIn"
    url: str


def _query(**params):
    # quote_via=quote encodes spaces as %20, which every target (mailto included) reads.
    return urlencode(params, quote_via=quote)


def share_links(url: str, title: str) -> list[ShareLink]:
    """Links that share the absolute `url` titled `title` on each network."""
    return [
        ShareLink(
            "facebook",
            "Facebook",
            _("Share on Facebook"),
            f"https://www.facebook.com/sharer/sharer.php?{_query(u=url)}",
        ),
        ShareLink(
            "x",
            "X",
            _("Share on X (Twitter)"),
            f"https://x.com/intent/post?{_query(text=title, url=url)}",
        ),
        ShareLink(
            "linkedin",
            "LinkedIn",
            _("Share on LinkedIn"),
            f"https://www.linkedin.com/sharing/share-offsite/?{_query(url=url)}",
        ),
        ShareLink(
            "whatsapp",
            "WhatsApp",
            _("Share on WhatsApp"),
            f"https://wa.me/?{_query(text=f'{title} {url}')}",
        ),
        ShareLink(
            "email",
            _("E-mail"),
            _("Share by e-mail"),
            f"mailto:?{_query(subject=title, body=url)}",
        ),
    ]
