"""The Atom feed of the "What's new" page (RFC 4287): one entry per commit, the same sentences.

Ids are stable: the feed's is the page's address (or a name made from the playbook's title when
the site has no ``site_url``), an entry's is made from its commit, so a reader never sees an entry
twice. Dates are the commits' own, so two builds of one commit write the same bytes. Text reaches
the XML through ElementTree, which escapes it; characters XML cannot hold are dropped first.
"""

from __future__ import annotations

import datetime
import re
import uuid
import xml.etree.ElementTree as ET
from html import escape

from .. import model
from ..urls import page_url
from .pages import FEED, PAGE, day_title
from .site import WhatsNew
from .story import Block, Line

ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _time(seconds: int) -> str:
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def atom_feed(whats_new: WhatsNew, playbook: model.Playbook, site_url: str | None, directory_urls: bool) -> str:
    """The feed, as text (UTF-8 XML)."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    page = base + page_url(PAGE, directory_urls) if base else "../" + page_url(PAGE, directory_urls)
    link = _links(base, directory_urls)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    title = _xml(f"What's new in {playbook.title}")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = page if base else _urn(f"playbook-feed:{playbook.title}")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    blocks = whats_new.blocks
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _time(max((b.time for b in blocks), default=whats_new.end))
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = _xml(playbook.title)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=page)
    if base:
        ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=base + FEED)
    for block in blocks:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = _urn(f"playbook-change:{block.sha}")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = _xml(_title(block))
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _time(block.time)
        anchor = f"{page}#change-{block.sha[:12]}"
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=anchor)
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="html")
        content.text = _xml(_html(block, link))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _title(block: Block) -> str:
    """The editors' line for reps, else the first sentence, else the day's date."""
    if block.notes:
        return block.notes[0]
    if block.lines:
        return "".join(part.text for part in block.lines[0].parts) + (
            f" (and {len(block.lines) - 1} more)" if len(block.lines) > 1 else ""
        )
    return f"Editorial edits, {day_title(block.date)}"


def _links(base: str, directory_urls: bool):
    def link(src: str, anchor: str) -> str:
        url = (base or "../") + page_url(src, directory_urls)
        return f"{url}#{anchor}" if anchor else url

    return link


def _html(block: Block, link) -> str:
    lines = "".join(f"<li>{_line(line, link)}</li>" for line in [*block.lines, *block.folded])
    notes = "".join(f"<p><strong>{escape(note)}</strong></p>" for note in block.notes)
    return notes + (f"<ul>{lines}</ul>" if lines else "")


def _line(line: Line, link) -> str:
    out = []
    for part in line.parts:
        text = escape(part.text)
        if part.page:
            text = f'<a href="{escape(link(part.page, part.anchor))}">{text}</a>'
        if part.style == "title":
            text = f"<em>{text}</em>"
        elif part.style == "quote" and part.text[:1] not in '"“‘«':
            text = f"“{text}”"
        out.append(text)
    return "".join(out)
