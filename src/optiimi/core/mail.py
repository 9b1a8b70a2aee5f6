"""The e-mail backend used when no mail server is configured: it sends nothing and logs no one.

Django's console backend would print every message — recipients, names, links that act on a
person's registration — into the server's log. This one logs only how many messages were
dropped, so the log holds no personal data. Set `OPTIIMI_EMAIL_HOST` to send real mail.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.db import transaction

logger = logging.getLogger("optiimi.mail")


class UnsentEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        count = len(email_messages)
        if count:
            logger.warning(
                "%d e-mail message(s) not sent: no mail server configured (OPTIIMI_EMAIL_HOST)",
                count,
            )
        return count


def site_url(path: str) -> str:
    """An absolute link for a message: the site's address (`OPTIIMI_SITE_URL`) and `path`."""
    return settings.OPTIIMI_SITE_URL.rstrip("/") + path


def send_on_commit(
    subject: str,
    body: str,
    to: str | Sequence[str],
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> None:
    """Send a plain-text message to one address or several once the current write has been
    committed (none if it fails; nothing when there is no address). `attachments` are
    (filename, content, mimetype), e.g. a calendar file."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return
    if not attachments:
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients))
        return
    message = EmailMessage(subject, body, None, recipients)
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    transaction.on_commit(lambda: message.send())
