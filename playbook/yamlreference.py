"""The reference YAML parser: PyYAML's pure-Python one, with one YAML 1.2 rule it lacks.

PyYAML ends a plain value at a '?' inside [...] or {...}, so `ask: [Why now?]` is a syntax error
for it and not for libyaml or YAML 1.2. ``scan_plain`` below is PyYAML's own (MIT License,
Copyright (c) 2017-2021 Ingy döt Net, Copyright (c) 2006-2016 Kirill Simonov) with that one
character taken out of the flow-context stop set; nothing else differs.
"""

from __future__ import annotations

import yaml
from yaml.tokens import ScalarToken

_BREAKS = "\0 \t\r\n\x85\u2028\u2029"


class ReferenceLoader(yaml.SafeLoader):
    """A parser for one text (its events only: the constructor it inherits is never used)."""

    def scan_plain(self):
        chunks = []
        start_mark = self.get_mark()
        end_mark = start_mark
        indent = self.indent + 1
        spaces = []
        while True:
            length = 0
            if self.peek() == "#":
                break
            while True:
                ch = self.peek(length)
                if (
                    ch in _BREAKS
                    or (ch == ":" and self.peek(length + 1) in _BREAKS + (",[]{}" if self.flow_level else ""))
                    or (self.flow_level and ch in ",[]{}")  # PyYAML: ",?[]{}"
                ):
                    break
                length += 1
            if length == 0:
                break
            self.allow_simple_key = False
            chunks.extend(spaces)
            chunks.append(self.prefix(length))
            self.forward(length)
            end_mark = self.get_mark()
            spaces = self.scan_plain_spaces(indent, start_mark)
            if not spaces or self.peek() == "#" or (not self.flow_level and self.column < indent):
                break
        return ScalarToken("".join(chunks), True, start_mark, end_mark)
