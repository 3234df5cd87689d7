"""Glossary step: fix entity names and terms, including romanised and machine-translated forms.

A glossary (TOML, see ``docs/glossary.md``) lists entries: a canonical English form, its
Chinese forms, known wrong variants and conditions. From each entry the step *generates*
what a machine transcript makes of the name: the pinyin of the Chinese form with or
without spaces, hyphens, tones or capitals ("Jinshan Yun", "jinshanyun"), pinyin with an
English suffix ("Jinshan Cloud"), pinyin with the usual confusions of Mandarin speech
recognition (zh/z, sh/s, j/x, -ng/-n: "Xinshan", "Zhenwu") and near-misses of the
English form ("Kingsoft Club"). Each way of matching is a named rule with a confidence,
so every :class:`~bitranscript.model.Edit` can be explained.

The package:

- ``entries``: :class:`Entry`, :class:`Glossary` and their validation (``validate``,
  ``conflicts``, ``lint``);
- ``formats``: the files (TOML, TSV/CSV, TBX in; TOML out) and the shipped glossaries;
- ``forms``: generated forms (pinyin, pinyin with a translated ending, sound keys), the
  one source for both matching and ``glossary show``;
- ``index``: the compiled index of a set of files (cached in memory on their paths and
  mtimes, and on disk by ``cache``): literal forms filed under a cheap key, so a text
  compiles one trie-shaped regex of only the forms it can hold (cost grows with the text,
  not with entries x text), dictionaries for the pinyin keys, and rapidfuzz choice lists;
- ``cache``: the compiled index pickled into the user cache, rebuilt when stale;
- ``segment``: jieba's word boundaries for a short Chinese form's context, from its
  dictionary on disk (loading jieba costs a cold command a second);
- ``rules``: the rules, in the order they run, each a small module whose thresholds are
  fields of :class:`bitranscript.params.Glossary`;
- ``match``: one run over one text (``find``), and the checks every edit passes.

English text is protected three ways: a variant that is an ordinary English phrase needs
its condition (``near``, ``followed_by`` or ``kinds``), a fuzzy match made only of common
English words needs one too, and company glossaries switch on only when the transcript
names their company.
"""

from __future__ import annotations

from .entries import (
    CATEGORIES,
    ENTRY_KEYS,
    HEADER_KEYS,
    SCOPES,
    Conflict,
    Entry,
    Glossary,
    Match,
    conflicts,
    lint,
    make_entry,
    validate,
)
from .formats import import_file, load, load_all, parse_toml, paths_for, shipped_dir, shipped_paths, to_toml
from .forms import SUFFIXES, Form, forms_of, generated_forms, pinyin_of, pinyin_readings, sound_key
from .index import _Compiled, _compiled_for, compiled  # noqa: F401 - the compile cache, read by tests
from .match import Finder, find
from .rules import CONFIDENCE, GENERATED_RULES, RULES
from .text import LEGAL_SUFFIXES, to_simplified

__all__ = [
    "CATEGORIES",
    "CONFIDENCE",
    "ENTRY_KEYS",
    "GENERATED_RULES",
    "HEADER_KEYS",
    "LEGAL_SUFFIXES",
    "RULES",
    "SCOPES",
    "SUFFIXES",
    "Conflict",
    "Entry",
    "Finder",
    "Form",
    "Glossary",
    "Match",
    "compiled",
    "conflicts",
    "find",
    "forms_of",
    "generated_forms",
    "import_file",
    "lint",
    "load",
    "load_all",
    "make_entry",
    "parse_toml",
    "paths_for",
    "pinyin_of",
    "pinyin_readings",
    "shipped_dir",
    "shipped_paths",
    "sound_key",
    "to_simplified",
    "to_toml",
    "validate",
]
