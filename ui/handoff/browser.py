"""A read-only Markdown view for untrusted text: no raw HTML, only http/https links open.

Tracker and handoff text is never trusted (TESTBEDS: ``setMarkdown`` with the GitHub dialect
applies inline HTML, and ``QTextBrowser`` follows ``javascript:`` and ``file:`` links). The
Markdown comes from :func:`app.handoff.render.render_markdown`, which already escapes user
text; this view adds a second wall: HTML is switched off in the Markdown reader, the browser
never follows a link itself, and a clicked link is opened only when
:func:`app.handoff.render.safe_url` accepts it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.handoff.render import safe_url

log = logging.getLogger(__name__)

MARKDOWN_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub | QTextDocument.MarkdownFeature.MarkdownNoHTML
)
"""GitHub Markdown (tables, strike-through, task lists) with every form of raw HTML ignored."""


def web_link(url: QUrl) -> QUrl | None:
    """``url`` when it is an absolute http/https URL with a host (the only links Baton opens),
    else ``None``."""
    checked = safe_url(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
    return None if checked is None else QUrl(checked, QUrl.ParsingMode.StrictMode)


class SafeMarkdownView(QTextBrowser):
    """Shows Markdown without raw HTML; opens only http/https links through ``open_url``.

    ``open_url``: how a web link is opened (default :meth:`QDesktopServices.openUrl`;
    injectable for tests).

    Signals:
        link_opened(QUrl): a web link was handed to ``open_url``.
        link_refused(str): a clicked link was not http/https and was not opened.
    """

    link_opened = Signal(QUrl)
    link_refused = Signal(str)

    def __init__(
        self,
        *,
        open_url: Callable[[QUrl], object] = QDesktopServices.openUrl,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._open_url = open_url
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.anchorClicked.connect(self._on_anchor_clicked)

    def set_markdown(self, text: str) -> None:
        """Show ``text`` (Markdown) with raw HTML switched off."""
        self.document().setMarkdown(text, MARKDOWN_FEATURES)

    def markdown(self) -> str:
        """The document as Markdown again (tests, copy)."""
        return self.document().toMarkdown()

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        link = web_link(url)
        if link is None:
            log.info("refused to open a non-web link from handoff text")
            self.link_refused.emit(url.toString())
            return
        self._open_url(link)
        self.link_opened.emit(link)
