"""The SENDFILE_BACKEND of django-sendfile2 and of Wagtail's document view: it hands the file to
the server that SENDFILE_SERVER names, read at each call (both libraries keep the backend module
they load first, so the choice between servers lives here, in one setting)."""

from django.conf import settings
from django_sendfile.backends import nginx, xsendfile
from wagtail.utils import sendfile_streaming_backend

SERVERS = {
    "django": sendfile_streaming_backend.sendfile,  # the file's bytes, streamed by Django
    "nginx": nginx.sendfile,  # X-Accel-Redirect: SENDFILE_URL + the path under SENDFILE_ROOT
    "apache": xsendfile.sendfile,  # X-Sendfile: the file's path (mod_xsendfile)
}


def sendfile(request, filename, **kwargs):
    return SERVERS[settings.SENDFILE_SERVER](request, filename, **kwargs)
