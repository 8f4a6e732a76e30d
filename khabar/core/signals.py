"""Signals that cross app boundaries without imports going the wrong way.

``page_content_changed`` is sent when something a reader sees on a page changed
outside that page's own publish cycle, for example a comment was approved on an
article. Receivers (the page cache) purge what shows that page. Arguments:
``page`` (a Wagtail page).
"""

from django.dispatch import Signal

page_content_changed = Signal()
