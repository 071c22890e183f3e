"""``{{ file|media_path }}``: a stored file's ``/media/…`` path (``cln_portal.media.media_path``)."""

from django import template

from cln_portal.media import media_path as _media_path

register = template.Library()


@register.filter
def media_path(field_file) -> str:
    """The file's path under ``MEDIA_URL``, the same with local files and with S3."""
    return _media_path(field_file) if field_file else ""
