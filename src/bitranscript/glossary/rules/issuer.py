"""The issuer slot: the company named where every call names its issuer."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import regex

from ..entries import Match

if TYPE_CHECKING:
    from ..match import Finder

_SUBJECT = r"(?P<x>\p{Lu}[\p{L}&-]*(?:[ \t]+[\p{L}&-]+){0,3}?)"
_QUARTER = (
    r"(?i:(?:['’]s[ \t]+|[ \t]+(?=(?:(?:first|second|third|fourth|fiscal|last|the)[ \t-]+){0,2}[\p{L}-]*quarter\b"
    r"|Q[1-4]\b))[^.!?\n]{0,60}?\b(?:earnings|results)[ \t]+)"
)
"""After the subject: its quarter, then the results."""
_ISSUER_SLOTS = (
    # "<Company>'s third quarter ... results (press) release is out": the IR opening
    (
        regex.compile(r"(?:^|(?<=[.!?][ \t]{1,3}))" + _SUBJECT + _QUARTER + r"(?i:(?:press[ \t]+)?release)", regex.M),
        "release",
    ),
    # "Welcome to the <Company> third quarter ... earnings (conference) call": the operator's
    (
        regex.compile(
            r"(?i:\bwelcome (?:everyone |all )?to (?:the )?)" + _SUBJECT + _QUARTER + r"(?i:(?:conference[ \t]+)?call)"
        ),
        "welcome",
    ),
)
"""The two sentences of every call that name the issuer, with a word each holds (in lower
case): a slot is tried only within ``issuer_window`` characters of its word."""
_NOT_A_NAME = frozenset("our the this its their today hello welcome and we a an as please".split())
"""First words of a subject that is no name ("Our fourth quarter ... earnings release")."""


def find(f: Finder) -> list[Match]:
    """A misheard company name where the call names its issuer (``_ISSUER_SLOTS``).

    "Prince of Wales third quarter results release is on our website" names the
    issuer whatever the recogniser heard. The issuer is the first company entry of the
    active company glossary the text names most often; no edit when two tie, or when the
    subject already names it (or names another entry).
    """
    issuers = {}
    for g in f.comp.glossaries:
        if g.scope != "company" or g.path not in f.active:
            continue  # (before looking through its entries: the general glossary has hundreds)
        first = next((e for e in g.entries if e.category == "company"), None)
        if first is not None:
            issuers[first.glossary + "\0" + first.id] = first
    if not issuers:
        return []
    counts = dict.fromkeys(issuers, 0)
    files = {e.glossary for e in issuers.values()}  # a key is spelled only for their entries
    for entry in [h[2] for h in f.hits] + [m.entry for m in f.matches]:
        if entry.glossary not in files:
            continue
        key = entry.glossary + "\0" + entry.id
        if key in counts:
            counts[key] += 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked[0][1] == 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return []
    issuer = issuers[ranked[0][0]]
    out: list[Match] = []
    found = (
        m
        for slot, word in _ISSUER_SLOTS
        for hit in re.finditer(word, f.lowered)
        for m in slot.finditer(
            f.text, max(0, hit.start() - f.params.issuer_window), min(len(f.text), hit.end() + f.params.issuer_window)
        )
    )
    for m in found:
        start, end = m.span("x")
        subject = m.group("x")
        words = subject.lower().split()
        if words[0] in _NOT_A_NAME or not f.free(start, end) or issuer.en.lower() in subject.lower():
            continue
        if any(f.is_name(w) for w in subject.split() if w[:1].isupper()):
            continue
        f.claim(start, end)
        out.append(Match(start, end, issuer, "issuer", issuer.en))
    return out
