"""A message's HTML body made safe to lay out: no scripts, styles, frames, forms or remote
resources, nothing fetched. Only a small set of text and table elements survive, without
attributes other than a few harmless layout ones."""

from __future__ import annotations

import html
import html.parser

from sar_desk.documents.story_pdf import no_ligatures

KEEP = {"p", "br", "div", "span", "b", "strong", "i", "em", "u", "ul", "ol", "li", "table",
        "thead", "tbody", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "pre", "code", "hr", "a", "sub", "sup", "small", "font", "center"}
DROP_WITH_CONTENT = {"script", "style", "head", "title", "iframe", "object", "embed",
                     "noscript", "template", "svg", "math", "form", "select", "textarea",
                     "button", "frameset", "frame", "applet", "audio", "video", "canvas"}
VOID = {"br", "hr"}
ATTRS = {"colspan", "rowspan", "align"}


class _Cleaner(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROP_WITH_CONTENT:
            self.skip += 1
        elif self.skip:
            return
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            self.out.append(f"[image{': ' + html.escape(alt) if alt else ''}]")
        elif tag in KEEP:
            kept = "".join(f' {k}="{html.escape(v or "")}"' for k, v in attrs
                           if k in ATTRS and v and len(v) < 20)
            self.out.append(f"<{tag}{kept}>")
            if tag not in VOID:
                self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROP_WITH_CONTENT:
            return
        self.handle_starttag(tag, attrs)
        if tag in self.open and self.open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROP_WITH_CONTENT:
            self.skip = max(0, self.skip - 1)
        elif not self.skip and tag in self.open:
            while self.open:
                last = self.open.pop()
                self.out.append(f"</{last}>")
                if last == tag:
                    break

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(no_ligatures(html.escape(data, quote=False)))


def clean_html(markup: str) -> str:
    """``markup`` with only safe text and table elements left (see the module)."""
    cleaner = _Cleaner()
    cleaner.feed(markup)
    cleaner.close()
    return "".join(cleaner.out) + "".join(f"</{t}>" for t in reversed(cleaner.open))
