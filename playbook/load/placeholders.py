"""Text a template left for a person to fill in, before reps read it.

``playbook new`` writes ``TODO: ...`` into every field a stub fills, ``playbook init`` leaves a source
to name and, unless told, an example repository address in mkdocs.yml. Each is a warning: a fresh
stub passes plain ``playbook check``, while ``--strict`` (and so the CI workflow) refuses to publish
it. Content files are scanned here as they are read (the result is kept with the file's parse);
mkdocs.yml's addresses come from the settings, which both the CLI and the plugin fill in.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..problems import Problem
from ..settings import Settings

# Placeholders: the word TODO in capitals anywhere ("to-do" and "todo" are words), and a value that
# starts with "Replace with" (what the first skeletons wrote), in any case and spacing.
_TODO = re.compile(r"\bTODO\b")
_REPLACE = re.compile(r"replace\s+with\b", re.IGNORECASE)
_REPLACE_AT_START = re.compile(r"[\W_]*replace\s+with\b", re.IGNORECASE)
_REPLACE_BYTES = re.compile(rb"(?i:replace\s+with)")
_EXCERPT = 72

# Addresses kept for documentation (RFC 2606 and 6761), and the "example" account of code hosts.
_EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org")
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")
_LINK_ADVICE = {
    "repo_url": 'set your repository\'s address (every page links it, and "Edit this page" opens files there)',
    "edit_uri": 'set your repository\'s edit address ("Edit this page" opens files there)',
}


def content_placeholders(rel: str, raw: bytes) -> list[Problem]:
    """A warning at each placeholder in the values of one content file that parsed."""
    if not _may_hold_one(raw):
        return []
    text = raw.decode("utf-8-sig", errors="replace")
    try:  # the pure-Python parser: its marks count characters, whatever the text holds
        events = list(yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return []  # the reader accepted what this parser refuses: nothing to point at
    problems = []
    for field, event in _values(events):
        for offset, excerpt in _placeholders(event.value):
            line, col = _position(text, event, offset, excerpt)
            message = f'{field}: "{excerpt}" is a placeholder: write what reps should read instead'
            problems.append(Problem(rel, line, col, message, "warning"))
    return problems


def _may_hold_one(raw: bytes) -> bool:
    """A quick look at the bytes, which most files end with: plain substring searches take a few
    microseconds where one case-blind regular expression took a hundred times more."""
    if b"TODO" in raw:
        return True
    return (b"eplace" in raw or b"EPLACE" in raw) and _REPLACE_BYTES.search(raw) is not None


def _values(events: list) -> list[tuple[str, yaml.ScalarEvent]]:
    """Each scalar that is a value (not a key), with its field: the keys above it, joined by dots."""
    found = []
    stack: list[dict] = []  # open collections: {"mapping", "key" (the current one), "expect_key", "is_key"}
    for event in events:
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            closed = stack.pop()
            if stack and stack[-1]["mapping"]:
                stack[-1]["expect_key"] = not closed["is_key"]
            continue
        if not isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.ScalarEvent)):
            continue
        top = stack[-1] if stack else None
        is_key = bool(top and top["mapping"] and top["expect_key"])
        if isinstance(event, yaml.ScalarEvent):
            if is_key:
                top["key"], top["expect_key"] = event.value, False
                continue
            if not any(entry["is_key"] for entry in stack):
                keys = [entry["key"] for entry in stack if entry["mapping"] and entry["key"] is not None]
                found.append((".".join(keys), event))
            if top and top["mapping"]:
                top["expect_key"] = True
        else:
            mapping = isinstance(event, yaml.MappingStartEvent)
            stack.append({"mapping": mapping, "key": None, "expect_key": mapping, "is_key": is_key})
    return found


def _placeholders(value: str) -> list[tuple[int, str]]:
    """Where each placeholder starts in ``value``, with the words that show it."""
    found = []
    if _REPLACE_AT_START.match(value):
        start = _REPLACE.search(value).start()  # the prefix holds no letters: the same place
        found.append((start, value[start:]))
    found += [(m.start(), value[m.start() :]) for m in _TODO.finditer(value)]
    return [(start, _excerpt(text)) for start, text in found]


def _excerpt(text: str) -> str:
    line = " ".join(text.split("\n", 1)[0].split())
    return line if len(line) <= _EXCERPT else line[: _EXCERPT - 3].rstrip() + "..."


def _position(text: str, event: yaml.ScalarEvent, offset: int, excerpt: str) -> tuple[int, int]:
    """The line and column of a placeholder: found in the scalar's source (escapes and folded lines
    move it from its offset in the value), else the scalar's start."""
    source = text[event.start_mark.index : event.end_mark.index]
    pattern = _TODO if excerpt.startswith("TODO") else _REPLACE
    nth = len(pattern.findall(event.value[:offset]))
    matches = list(pattern.finditer(source))
    if nth >= len(matches):
        return event.start_mark.line + 1, event.start_mark.column + 1
    index = event.start_mark.index + matches[nth].start()
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def is_example_address(url: str) -> bool:
    """A documentation address: on example.com/.net/.org or a .example name, or a code host's
    ``example`` account (github.com/example/...)."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return False
    if host == "example" or host.endswith(".example"):
        return True
    if any(host == domain or host.endswith("." + domain) for domain in _EXAMPLE_DOMAINS):
        return True
    owner = parts.path.strip("/").split("/", 1)[0].lower()
    return host.removeprefix("www.") in _CODE_HOSTS and owner == "example"


def example_address_problems(root: Path, settings: Settings) -> list[Problem]:
    """A warning for each of mkdocs.yml's repository addresses that is still an example."""
    problems = []
    for key, value in settings.site_links:
        if not isinstance(value, str) or not is_example_address(value):
            continue
        line, col = _config_position(Path(root) / settings.config_file, key)
        advice = _LINK_ADVICE.get(key, _LINK_ADVICE["edit_uri"])
        message = f"{key}: {value} is an example address: {advice}"
        problems.append(Problem(settings.config_file, line, col, message, "warning"))
    return problems


def _config_position(path: Path, key: str) -> tuple[int, int]:
    """Where ``key:`` sets its value at the top of the file; 1:1 when it comes from elsewhere
    (INHERIT, an !ENV variable)."""
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return 1, 1
    match = re.search(rf"^{re.escape(key)}[ \t]*:[ \t]*(\S)", text, re.MULTILINE)
    if match is None:
        return 1, 1
    index = match.start(1)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1
