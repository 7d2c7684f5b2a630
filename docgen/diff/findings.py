"""A finding: one change between base and revision, judged by one rule."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..ir.model import Source
from .rules import RULE_ORDER, RULES


def fingerprint(rule: str, subject: str, detail: str) -> str:
    """Stable id of a change: independent of file names, line numbers and wording of messages."""
    return hashlib.sha256(f"{rule}\x1f{subject}\x1f{detail}".encode()).hexdigest()[:16]


@dataclass(slots=True)
class Finding:
    rule: str
    subject: str  # "GET /users/{}" (normalised) or "microsoft.graph.user"
    detail: str  # what inside the subject: "property displayName", "application/User.Read"…
    message: str
    old: str | None = None
    new: str | None = None
    old_source: Source | None = None
    new_source: Source | None = None
    label: str = ""  # the subject as the docs write it ("GET /users/{id}"), for display only
    allowed: str | None = None  # the allow-list reason, when accepted
    title: str = ""  # display only: the title of the page documenting the operation (revision side first)
    page: str = ""  # display only: that page's id (``user-get``)

    @property
    def level(self) -> str:
        return RULES[self.rule].level

    @property
    def kind(self) -> str:
        return RULES[self.rule].subject

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.rule, self.subject, self.detail)

    @property
    def display_subject(self) -> str:
        return self.label or self.subject


def sort_key(f: Finding) -> tuple:
    return (0 if f.kind == "operation" else 1, f.subject.lower(), f.subject, RULE_ORDER[f.rule], f.detail)
