"""A fast writer of RFC 5545 content lines for feeds and exports of thousands of meetings.

Single files (invitations, downloads) are built with the icalendar library. At 5,000 events icalendar's
per-property objects and character-by-character folding take seconds, so feeds and exports write the same
VEVENTs directly; tests/test_calendars_lines.py proves both give identical events to icalendar and vobject.
"""

from __future__ import annotations

from datetime import UTC, datetime

#: RFC 5545 §3.1: lines longer than 75 octets are folded.
FOLD_OCTETS = 75


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def param_value(value: str) -> str:
    """A parameter value: RFC 6868 caret escapes, quoted when it holds `:`, `;`, `,` or spaces."""
    value = value.replace("^", "^^").replace("\r\n", "^n").replace("\n", "^n").replace('"', "^'")
    return f'"{value}"' if any(char in value for char in ":;, ") else value


def utc_stamp(moment: datetime) -> str:
    """A DATE-TIME in UTC form (RFC 5545 §3.3.5, form #2)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character or right after a backslash escape."""
    if len(line) <= FOLD_OCTETS // 4 or len(line.encode("utf-8")) <= FOLD_OCTETS:
        return line
    parts: list[str] = []
    start = 0
    size = 0
    limit = FOLD_OCTETS
    for index, char in enumerate(line):
        width = 1 if char < "\x80" else len(char.encode("utf-8"))
        if size + width > limit:
            # Keep a backslash or caret with the character it escapes, for clients that unfold late.
            cut = index - 1 if line[index - 1] in "\\^" and index - 1 > start else index
            parts.append(line[start:cut])
            size = sum(1 if c < "\x80" else len(c.encode("utf-8")) for c in line[cut:index])
            start = cut
            limit = FOLD_OCTETS - 1  # a continuation line starts with a space, which counts
        size += width
    parts.append(line[start:])
    return "\r\n ".join(parts)


class LineWriter:
    """Collects folded content lines; `text()` escapes a TEXT value, `raw()` writes a value as is."""

    __slots__ = ("lines",)

    def __init__(self) -> None:
        self.lines: list[str] = []

    def raw(self, name: str, value: str, params: str = "") -> None:
        self.lines.append(fold(f"{name}{params}:{value}"))

    def text(self, name: str, value: str) -> None:
        self.raw(name, escape_text(value))

    def to_bytes(self) -> bytes:
        return ("\r\n".join(self.lines) + "\r\n").encode("utf-8")
