"""E-mail delivery that an unreachable mail server cannot turn into a server error, and e-mail
printed readably in development."""

import logging

from django.core.mail.backends.console import EmailBackend as ConsoleBackend
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


class ReadableConsoleBackend(ConsoleBackend):
    """`make run`'s e-mails as a person reads them: the headers that matter and the plain text,
    not the MIME source (quoted-printable text, an HTML part in full)."""

    def write_message(self, message):
        others = [mimetype for _, mimetype in getattr(message, "alternatives", [])]
        lines = [
            f"From:    {message.from_email}",
            f"To:      {', '.join(message.to)}",
            f"Subject: {message.subject}",
            "",
            message.body.strip(),
        ]
        if others:
            lines += ["", f"(also sent as {', '.join(others)}; not shown)"]
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")
