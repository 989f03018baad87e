"""An image's original, through Django's checks (cms/files/__init__.py)."""

import posixpath

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.static import serve
from django_sendfile import sendfile
from wagtail.images import get_image_model

from . import PRIVATE_FOLDERS
from .access import may_fetch_original


def image_original(request, image_id):
    """An image's original file, for those who may have it (access.may_fetch_original); the
    web server sends the bytes (SENDFILE_BACKEND). Anyone else: a sign-in page when signing in
    could help, else a 404 that does not tell whether the image exists."""
    image = get_object_or_404(get_image_model(), pk=image_id)
    if not may_fetch_original(request, image):
        if request.user.is_anonymous and image.collection.get_view_restrictions().exists():
            return redirect_to_login(request.get_full_path(), settings.WAGTAIL_FRONTEND_LOGIN_URL)
        raise Http404("no such image")
    try:
        path = image.file.path
    except NotImplementedError:  # a storage without local files (object storage)
        response = FileResponse(image.file.open("rb"))
    else:
        response = sendfile(request, path)
    # Never kept by a shared cache: the next request may come from someone who may not have it.
    patch_cache_control(response, private=True)
    return response


def media(request, path):
    """MEDIA_ROOT where Django serves it (development, tests), less what the web server must
    not serve either: the same 404 that production's /media/ location gives."""
    # As serve() will read it: `images/../original_images/…` is an original too.
    if posixpath.normpath(path).lstrip("/").startswith(PRIVATE_FOLDERS):
        raise Http404("not served here")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
