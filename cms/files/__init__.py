"""Uploaded files that readers may not fetch directly: image originals and documents.

The web server serves renditions (`MEDIA_ROOT/images/`) itself; originals
(`original_images/`) and documents (`documents/`) go through Django, which checks who asks and
then hands the file to the web server (`SENDFILE_BACKEND`: X-Accel-Redirect for nginx), so a
private collection's files never leave by a guessed `/media/` address (docs/operations.md).
"""

# The folders under MEDIA_ROOT that only Django's checked views may hand out: Wagtail's upload
# folders for image originals and documents.
PRIVATE_FOLDERS = ("original_images/", "documents/")
