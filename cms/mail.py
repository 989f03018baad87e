"""E-mail delivery that an unreachable mail server cannot turn into a server error."""

import logging

from django.core.mail.backends.smtp import EmailBackend

logger = logging.getLogger(__name__)


class ResilientSMTPBackend(EmailBackend):
    """SMTP that logs, instead of raising, when the server refuses, times out or rejects the login.

    Wagtail opens the connection for comment notifications outside its own error handling: with
    the stock backend, a mail server that is down turns an editor's save into a 500 (the save
    itself is kept). Here the e-mail is logged as not sent and the request carries on.
    """

    def open(self):
        try:
            return super().open()
        except OSError:
            logger.exception("Mail server %s:%s unavailable: e-mail not sent", self.host, self.port)
            return None  # send_messages() then sends nothing and reports 0
