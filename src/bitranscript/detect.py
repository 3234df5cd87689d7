"""Stage 3, detect: cut sentences into units and attach what each one shows on its own.

A unit is a sentence, or a noise run carved out of one. Some kinds are certain from
the unit alone (``fixed``): vendor boilerplate, speaker labels, raw Chinese and
placeholders for untranscribed Chinese, noise, framing remarks about the translation.
Whether an English unit is native, an original (machine English of Chinese speech) or
an interpretation is left open here: it depends on its neighbours, and ``align``
decides it over the whole sequence.
"""

from __future__ import annotations

import operator
import re
import string
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import chain, compress, count
from typing import Any

import regex

from . import features as F
from .model import Kind, Span
from .model import Unit as Unit  # its home is the model; detect makes them
from .params import DETECT
from .params import Detect as DetectParams
from .sentences import lines as split_lines

_DATE = regex.compile(r"^\s*(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|(?:\p{L}+\.? )?\p{L}+\.? \d{1,2},? \d{4})\s*$")
_VENDOR = regex.compile(
    r"transcript.{0,80}(?:generated|produced|automatic|machine|computer|errors?|accuracy|representation)"
    r"|(?:machine|computer)[- ]generated|speech recognition|makes? no representation|undue reliance",
    regex.IGNORECASE | regex.DOTALL,
)
_ROLE_WORDS = regex.compile(
    r"\b(?:CEO|CFO|COO|CTO|President|Chairman|Chairwoman|Director|Officer|Head|Manager|Analyst|Founder|Co-founder"
    r"|VP|SVP|EVP|Vice|Executive|Partner|Associate|Investor Relations|IR|Research|Securities|Capital|Bank|Inc|Ltd"
    r"|LLC|Corp|Corporation|Group|Holdings|Limited|Company|Markets|Equity|Finance|Financial|Treasurer|Secretary"
    r")\b"
)
_GENERIC_SPEAKER = regex.compile(
    r"^\[?(?:operator|moderator|translator|interpreter|interpretation|unidentified (?:speaker|participant|analyst|company representative)"
    r"|unknown speaker|company representative|management|presenter|host|speaker \d+)\]?:?$",
    regex.IGNORECASE,
)
_NAME = regex.compile(r"^(?:(?:Mr|Ms|Mrs|Dr|Prof)\.? )?\p{Lu}[\p{L}'’.\-]*(?: \p{Lu}[\p{L}'’.\-]*){0,3}$")
_INLINE_LABEL = regex.compile(
    r"^((?:\p{Lu}[\p{L}'’.\-]*)(?: \p{Lu}[\p{L}'’.\-]*){0,3}|Operator|Interpreter|Translator):\s"
)
_FRAMING = regex.compile(
    r"\btranslat|\binterpret(?!ation of)|^(?:this|these) (?:is|are) (?:from(?! the line of)|on behalf of)\b"
    r"|\banswers? from (?:our|the)\b|\bon behalf of (?:our|the|mr|ms)\b"
    r"|^(?:i|we) will (?:take this question|get started)"
    r"|\b(?:for|from) (?:the |our )?(?:ceo|cfo|chairman|president|management)\b",
    regex.IGNORECASE,
)
_THANKS = regex.compile(
    r"(?:thanks|thank you)\b[^.?!]{0,40}\b(?:your|the|my|these|this) (?:two )?questions?\b", regex.I
)
_OPERATOR_SCRIPT = regex.compile(
    r"\bpress (?:star|the star key|\*|pound)|\blisten[- ]only\b|\bquestion[- ]and[- ]answer session\b|\bq&a roster\b"
    r"|^please (?:stand by|hold)\b|\bplease go ahead\b|^this is (?:the|your) (?:operator|moderator)\b"
    r"|\bthat (?:concludes|ends) (?:today's|our|the|this)\b|\byou may (?:now )?disconnect\b|\bfrom the line of\b"
    r"|\b(?:first|next|last|final) question (?:comes|is) from\b"
    r"|\b(?:take|move on to) (?:our|the) (?:first|next|last|final) question\b|\bconference is being recorded\b"
    r"|\b(?:hand|turn) the (?:call|conference) (?:back )?over to\b|^(?:good (?:day|morning|afternoon|evening),? )?"
    r"(?:ladies and gentlemen,? )?(?:and )?thank you for standing by\b"
    # a line that drops in mid-call and the operator's words while it is brought back
    r"|\b(?:the|our|their|this) (?:speaker'?s? |audio )?(?:line|connection) (?:has |was |just )?"
    r"(?:dropped|disconnected|cut out)\b|\breconnect(?:ing)? (?:the|our|your) (?:speaker|line|call)\b"
    r"|^please (?:continue|proceed)(?:,? now)?\W*$|^one moment,? please\W*$"
    r"|\baudio (?:breaks|cuts|drops) (?:up|out)\b|\brefresh your (?:player|browser|page)\b",
    regex.IGNORECASE,
)
"""The operator's scripted lines: native English in any call, never an original or its rendering."""
_SCRIPT_WORDS = re.compile(
    "press|listen|question|q&a|please|operator|moderator|conclude|ends |disconnect|line of|conference|standing by|over to"
    "|dropped|cut out|reconnect|audio|refresh"
)
"""A word every ``_OPERATOR_SCRIPT`` line has (in lower case): the test before the full one
on text that is not ASCII (``_SCRIPT_CLUES`` are ASCII text's)."""
_NAME_DASH_ROLE = regex.compile(r"^\p{Lu}[\p{L}'’.\-]*(?: \p{Lu}[\p{L}'’.\-]*){0,3} [-–—] \S")
"""A name line with its role after a dash ("Jane Doe - CFO")."""
_NAME_COMMA = regex.compile(r"^\p{Lu}[\p{L}'’.\-]*(?: \p{Lu}[\p{L}'’.\-]*){0,3}, ")
_TERMINAL = regex.compile(r"[.!?。！？…]['\"”’)\]]*$")


def detect(text: str, sentences: Sequence[Span], params: DetectParams = DETECT) -> list[Unit]:
    """Units for every sentence of ``text``, noise runs carved out, in order."""
    all_lines = split_lines(text)
    vendor_lines = _vendor_lines(text, all_lines)
    label_lines = _label_lines(text, all_lines, vendor_lines)
    freq = F.english_frequencies()
    romanised = _romanised_words(text, all_lines, freq)
    names = _speaker_names(text, all_lines, label_lines) | _recurring_pinyin(
        romanised, min_count=params.name_min_mentions
    )
    reading = _Reading(text, frozenset(names), freq, params, all_lines, list(map(frozenset, romanised)))

    # Loops are found over whole lines: a hallucinated "Thank you. Thank you. Thank you."
    # runs across the sentences it was split into.
    # (A line of lost speech is one noise run anyway: it is not searched for loops.)
    searched = [
        ln
        for ln in all_lines
        if ln.line not in vendor_lines and ln.line not in label_lines and not _lost(text[ln.start : ln.end], params)
    ]
    runs = F.noise_runs_many([text[ln.start : ln.end] for ln in searched])
    noise = {
        ln.line: [(ln.start + s, ln.start + e) for s, e in found] for ln, found in zip(searched, runs, strict=True)
    }
    units: list[Unit] = []
    turn, speaker, interp_turn = 0, None, False
    inline_names = _inline_names(text, all_lines)
    labelled = bool(label_lines) or bool(inline_names)
    tag_until: int | None = None  # without speaker labels, the last line an "[Interpreted]" tag covers
    tag_alone: tuple[str | None, int] | None = None  # (speaker, line) of the last tag alone on its line
    for sent in sentences:
        body = text[sent.start : sent.end]
        line_span = all_lines[sent.line]
        if tag_until is not None and sent.line > tag_until:
            interp_turn, tag_until = False, None
        if units and units[-1].lost_speech and units[-1].line == sent.line:
            units[-1] = replace(units[-1], end=sent.end)  # one noise run for the whole line
            continue
        if sent.line in vendor_lines:
            units.append(Unit(sent.start, sent.end, sent.line, "vendor", turn, speaker))
            continue
        if sent.line in label_lines:
            if not units or not units[-1].is_label or units[-1].line not in (sent.line - 1, sent.line):
                turn += 1
                speaker = body.strip("[]: ")
                interp_turn = bool(F.INTERPRETER_NAME.search(body))
            units.append(Unit(sent.start, sent.end, sent.line, "native", turn, speaker, is_label=True))
            continue
        opens_line = sent.start == line_span.start  # (after an inline label, the rest still opens it)
        inline = _inline_label(body, inline_names) if opens_line else None
        if inline:
            # A vendor that labels every line repeats the name on the line after a tag that stands
            # alone ("Name: [Interpreted]" / "Name: Our revenue ..."): that line is what it tags,
            # in the same turn.
            tagged = tag_alone == (speaker, sent.line - 1) and inline.group(1) == speaker
            if not tagged:
                turn += 1
            speaker = inline.group(1)
            interp_turn = tagged or bool(F.INTERPRETER_NAME.search(speaker))
            cut = sent.start + inline.end(1) + 1
            units.append(Unit(sent.start, cut, sent.line, "native", turn, speaker, is_label=True))
            rest = text[cut : sent.end]
            lead = len(rest) - len(rest.lstrip())
            sent = Span(cut + lead, sent.end, sent.line)
            body = text[sent.start : sent.end]
            if not body:
                continue
        # Lost speech is read from the line's first sentence (after its label) to the line's
        # end, once per line: later sentences of a line that did not start lost never do.
        first = not units or units[-1].line != sent.line or units[-1].is_label
        if first and _lost(text[sent.start : line_span.end], params):
            # The rest of the line is one noise run: the stray "AI" or "15%" inside it are not words.
            units.append(
                Unit(
                    sent.start,
                    sent.end,
                    sent.line,
                    "noise",
                    turn,
                    speaker,
                    interpreter_turn=interp_turn,
                    lost_speech=True,
                )
            )
            continue
        tag = F.INTERPRETED_TAG.match(body) if opens_line else None
        if tag:
            # "[Interpreted]": the vendor says the rest of this turn is the interpreter's English
            # (where no label marks turns: the rest of the line, or the next one after a tag alone).
            interp_turn = True
            alone = not text[sent.start + tag.end() : line_span.end].strip()
            tag_alone = (speaker, sent.line) if alone else None
            if not labelled:
                tag_until = sent.line + 1 if alone else sent.line
            cut = sent.start + tag.end()
            units.append(Unit(sent.start, cut, sent.line, "native", turn, speaker, interpreter_turn=True, framing=True))
            rest = text[cut : sent.end]
            sent = Span(cut + len(rest) - len(rest.lstrip()), sent.end, sent.line)
            if sent.start >= sent.end:
                continue
        spans = [
            (max(s, sent.start), min(e, sent.end))
            for s, e in noise.get(sent.line, ())
            if s < sent.end and e > sent.start
        ]
        units.extend(_sentence_units(reading, sent, spans, _Place(sent.line, turn, speaker, interp_turn)))
    return units


def _lost(text: str, params: DetectParams) -> bool:
    return F.is_lost_speech(text, min_marks=params.lost_speech_marks, min_share=params.lost_speech_share)


def _inline_label(line: str, names: frozenset[str]) -> regex.Match[str] | None:
    """The "Name:" that opens a line, when it names one of the call's speakers."""
    m = _INLINE_LABEL.match(line)
    return m if m and m.group(1) in names else None


def _inline_names(text: str, all_lines: Sequence[Span]) -> frozenset[str]:
    """The names that open lines as "Name:" labels: a name of two words or more, a generic
    speaker ("Operator:"), or a one-word name that opens two lines or more (a vendor labels
    every turn alike; "Said: ..." opening one line of prose is no label)."""
    counts: dict[str, int] = {}
    for ln in all_lines:
        m = _INLINE_LABEL.match(text[ln.start : ln.end])
        if m and _looks_like_speaker(m.group(1)):
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return frozenset(name for name, c in counts.items() if c >= 2 or " " in name or _GENERIC_SPEAKER.match(name))


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a call's sentences are read with: its text, the names said in it, English word
    frequencies, the thresholds, and its lines with the romanised words of each."""

    text: str
    names: frozenset[str]
    freq: Mapping[str, float]
    params: DetectParams
    lines: Sequence[Span]
    romanised: Sequence[frozenset[str]]
    """The romanised words of each line (``features.is_pinyin_word``, by ``freq``)."""

    def may_romanise(self, start: int, end: int, line: int) -> bool:
        """Whether ``text[start:end]`` (on ``line``) may hold a romanised word: a cheap test
        that spares most sentences ``garble_score``. It holds none where it is ASCII, lies
        within its line, cuts no word (beyond each end stands a character that is neither a
        word character nor an apostrophe) and has none of its line's romanised words in it:
        there its words are words of its line, since each of its runs of letters and
        apostrophes is one of the line's, with the same kind of character beside it, and
        the words of a run depend on nothing else."""
        ln, text = self.lines[line], self.text
        piece = text[start:end]
        return not (
            ln.start <= start <= end <= ln.end
            and piece.isascii()
            and (start == 0 or text[start - 1] in _WORD_BREAKS)
            and (end == len(text) or text[end] in _WORD_BREAKS)
            and not any(map(piece.__contains__, self.romanised[line]))
        )


_WORD_BREAKS = frozenset(chr(c) for c in range(128)) - set(string.ascii_letters + string.digits + "_'")
"""ASCII characters that are no word character and no apostrophe: a word ends before them."""


@dataclass(slots=True)
class _Place:
    """Where a sentence stands: its line, and the turn, speaker and interpreter's turn it is in.
    (Not frozen: one is made for each sentence, and a frozen one takes three times as long.)"""

    line: int
    turn: int
    speaker: str | None
    interp_turn: bool

    def unit(self, start: int, end: int, fixed: Kind | None, **evidence: Any) -> Unit:
        return Unit(
            start, end, self.line, fixed, self.turn, self.speaker, interpreter_turn=self.interp_turn, **evidence
        )


def _sentence_units(r: _Reading, sent: Span, noise: Sequence[tuple[int, int]], place: _Place) -> list[Unit]:
    """The units of one sentence: its ``noise`` spans (offsets into ``r.text``) and the rest."""
    if not noise:
        return _plain_units(r, sent.start, sent.end, place)  # (nothing before it that it could continue)
    out: list[Unit] = []
    pos = sent.start
    for s, e in noise:
        out.extend(_continued(r.text, out, _plain_units(r, pos, s, place)))
        out.append(place.unit(s, e, "noise"))
        pos = e
    out.extend(_continued(r.text, out, _plain_units(r, pos, sent.end, place)))
    return out


def _continued(text: str, before: list[Unit], pieces: list[Unit]) -> list[Unit]:
    """``pieces`` marked as continuing their sentence: words of it came before them, and
    only fillers stand between ("The CDN business we, uh, uh, | actively shrink it"). A loop
    is different: the recogniser hallucinates where the speech changes, often where the
    interpreter takes over ("... China China China | So as you pointed out ...")."""
    if not any(u.fixed != "noise" for u in before):
        return pieces
    gap = []
    for u in reversed(before):
        if u.fixed != "noise":
            break
        gap.append(text[u.start : u.end])
    if not all(F.is_filler_run(g) for g in gap):
        return pieces
    return [replace(u, continues=True) for u in pieces]


def _plain_units(r: _Reading, start: int, end: int, place: _Place) -> list[Unit]:
    params = r.params
    piece = r.text[start:end]
    stripped = piece.strip()
    if not stripped:
        return []
    start += len(piece) - len(piece.lstrip())
    end = start + len(stripped)
    if not F.LETTER.search(stripped):
        # Lone punctuation left between noise runs belongs to the noise.
        return [place.unit(start, end, "noise")]
    lead = F.PLACEHOLDER.match(stripped) if stripped[0] in "[(" else None  # a placeholder opens with a bracket
    if lead and F.LETTER.search(stripped[lead.end() :]):
        # A placeholder that opens a sentence stands for its own turn ("[Foreign language] Let
        # me translate my question."): the words after it are someone else's.
        cut = start + lead.end()
        return [place.unit(start, cut, "chinese"), *_plain_units(r, cut, end, place)]
    if (
        F.is_placeholder(stripped, max_other_words=params.placeholder_max_other_words)
        or F.han_share(stripped) >= params.chinese_share
    ):
        return [place.unit(start, end, "chinese")]
    is_ascii, low = stripped.isascii(), stripped.lower()
    if not is_ascii or _NATIVE_CLUES.seen(low):  # (most sentences have no clue of either)
        if _is_framing(stripped, params):
            announces = bool(_ANNOUNCES.search(stripped))
            own_words = bool(_OWN_WORDS.search(stripped))
            return [place.unit(start, end, "native", framing=True, announces=announces, own_words=own_words)]
        if _is_operator_script(stripped, params):
            return [place.unit(start, end, "native")]
    # English that align decides, with its evidence (built here, not through place.unit: most units are these)
    if r.may_romanise(start, end, place.line):
        garble, romanised = garble_score(stripped, r.names, r.freq, params)
    else:
        garble, romanised = 0.0, ()  # what garble_score gives a sentence with no romanised word
    literal = F.literalness(stripped, params)
    thanks = (not is_ascii or low.startswith("thank")) and bool(_THANKS.match(stripped))
    return [
        Unit(
            start,
            end,
            place.line,
            None,
            place.turn,
            place.speaker,
            interpreter_turn=place.interp_turn,
            garble=garble,
            thanks=thanks,
            literal=literal,
            romanised=romanised,
        )
    ]


def _is_operator_script(sentence: str, params: DetectParams = DETECT) -> bool:
    """An operator's scripted line ("Please go ahead."); they are short. The full pattern is
    slow: it is read only where the line has a clue of it."""
    if len(sentence) > params.operator_script_max_chars:
        return False
    low = sentence.lower()
    clue = _SCRIPT_CLUES.seen(low) if sentence.isascii() else bool(_SCRIPT_WORDS.search(low))
    return clue and bool(_OPERATOR_SCRIPT.search(sentence))


def _is_framing(sentence: str, params: DetectParams = DETECT) -> bool:
    """A remark about the translation itself ("Let me translate my question")."""
    if sentence.isascii() and not _FRAMING_CLUES.seen(sentence.lower()):
        return False
    return len(sentence.split()) <= params.framing_max_words and bool(_FRAMING.search(sentence))


_SCRIPT_CLUES = F.Clues(
    frozenset(
        b"press listen session roster ahead concludes ends disconnect disconnected recorded standing dropped cut"
        b" reconnect reconnecting audio refresh".split()
    ),
    ("t question", "l question", "line of", "over to"),
    ("please", "this is", "one moment"),
)
"""The clues of ``_OPERATOR_SCRIPT``: one for each alternative ("t question" and "l
question" for "(first|next|last|final) question")."""
_FRAMING_CLUES = F.Clues(
    frozenset(b"answer answers behalf ceo cfo chairman president management".split()),
    ("translat", "interpret"),
    ("this ", "these ", "i will", "we will"),
)
"""The clues of ``_FRAMING``: one for each alternative."""
_NATIVE_CLUES = F.Clues(
    _FRAMING_CLUES.words | _SCRIPT_CLUES.words,
    _FRAMING_CLUES.phrases + _SCRIPT_CLUES.phrases,
    _FRAMING_CLUES.openings + _SCRIPT_CLUES.openings,
)
"""The clues of either: where a sentence has none, neither pattern can match."""
_OWN_WORDS = regex.compile(r"\b(?:my (?:own )?questions?|myself)\b", regex.IGNORECASE)
"""A remark about the translation that renders the speaker's own words ("Let me translate my
question", "I'll translate myself")."""
_ANNOUNCES = regex.compile(
    r"\bwill be (?:\w+ )?(?:interpret|translat)|\bthere will be\b|\bfollowed by\b|\bafter (?:he|she|they) finish",
    regex.IGNORECASE,
)
"""A remark about the translation that tells how the call will go, in the future passive or
as a sequence ("will be interpreted", "there will be an English translation", "followed by
English translations"): the call's arrangement, not word that a rendering follows now."""


def garble_score(
    sentence: str, names: frozenset[str], freq: Mapping[str, float], params: DetectParams = DETECT
) -> tuple[float, tuple[str, ...]]:
    """How strongly a sentence looks like machine English of Chinese speech.

    Romanised words that are not English ("Gongyouyun", "Jinshan Yun") count, more so
    when long (three syllables or more) or followed by a generic syllable left romanised
    (``Detect.compound_syllables``: "yun" 云 cloud, "zong" 总 boss).
    Names do not: those in speaker labels, after a title (Mr., Ms.), or recurring through
    the transcript (``names`` holds them, lower-cased), since a name is said the same way
    in an original and in its interpretation; nor do capitalised Chinese place names
    (``features.place_names``), which native English uses as they are.
    """
    words = F.latin_words(sentence)
    if freq is F.english_frequencies():
        romanised = list(map(F._is_pinyin_word, words))
    else:
        romanised = [F.is_pinyin_word(w, freq) for w in words]
    if not any(romanised):
        return 0.0, ()  # no romanised word: nothing counts, not even a compound's syllable
    places = F.place_names()
    lowered = list(map(str.lower, words))
    score = 0.0
    long_words: list[str] = []
    # Only romanised words and generic syllables can count: the loop passes over the rest.
    syllables_at = map(params.compound_syllables.__contains__, lowered)
    for i in compress(count(), map(operator.or_, romanised, syllables_at)):
        w, lw = words[i], lowered[i]
        if lw in names or (w[:1].isupper() and lw in places) or not romanised[i]:
            if lw in params.compound_syllables and i and romanised[i - 1]:
                score += params.garble_compound
                long_words.append(f"{lowered[i - 1]} {lw}")
            continue
        if i and lowered[i - 1] in {"mr", "ms", "mrs", "dr", "thanks", "you"}:
            continue  # a title or a thank-you names a person
        syllables = len(F.pinyin_split(lw) or ())
        score += params.garble_long if syllables >= 3 else params.garble_two if syllables == 2 else params.garble_one
        if syllables >= 3:
            long_words.append(lw)
    return score, tuple(long_words)


def _romanised_words(text: str, all_lines: Sequence[Span], freq: Mapping[str, float]) -> list[list[str]]:
    """The romanised words (``features.is_pinyin_word``) of each line, in order."""
    romanised = F._is_pinyin_word if freq is F.english_frequencies() else partial(F.is_pinyin_word, freq=freq)
    out = []
    for ln in all_lines:
        words = F.latin_words(text[ln.start : ln.end])  # (no word runs across a line break)
        out.append(list(compress(words, map(romanised, words))))
    return out


def _recurring_pinyin(romanised: Iterable[Sequence[str]], *, min_count: int = DETECT.name_min_mentions) -> set[str]:
    """Romanised words (``romanised``: those of each line) said again and again: names of
    people and places, not garble."""
    counts = Counter(w.lower() for w in chain.from_iterable(romanised) if w[:1].isupper())
    return {w for w, c in counts.items() if c >= min_count}


def _vendor_lines(text: str, all_lines: Sequence[Span]) -> set[int]:
    """Disclaimer and date lines at the very top or bottom of the transcript."""
    out: set[int] = set()
    nonempty = [ln for ln in all_lines if text[ln.start : ln.end].strip()]
    for group in (nonempty[:3], nonempty[-2:]):
        for ln in group:
            body = text[ln.start : ln.end]
            if _VENDOR.search(body) or _DATE.match(body):
                out.add(ln.line)
    # A date line counts only next to a disclaimer (or at the very top).
    return {n for n in out if _VENDOR.search(text[all_lines[n].start : all_lines[n].end]) or _near(out, n, nonempty)}


def _near(marked: set[int], n: int, nonempty: Sequence[Span]) -> bool:
    return any(abs(m - n) <= 1 and m != n for m in marked) or bool(nonempty and nonempty[0].line == n)


def _label_lines(text: str, all_lines: Sequence[Span], vendor_lines: set[int]) -> set[int]:
    """Lines that only name a speaker ("Operator", "Jane Doe", "CFO, Acme Inc.")."""
    out: set[int] = set()
    for ln in all_lines:
        if ln.line in vendor_lines:
            continue
        body = text[ln.start : ln.end].strip()
        if body and _is_label(body, previous_is_label=ln.line - 1 in out):
            out.add(ln.line)
    return out


def _is_label(body: str, *, previous_is_label: bool) -> bool:
    if len(body) > 120 or F.HAN.search(body):
        return False
    words = body.split()
    if (
        previous_is_label
        and len(words) <= 14
        and _ROLE_WORDS.search(body)
        and not _FRAMING.search(body)
        and words[0].lower().strip(",") not in _SPEECH_OPENERS
        and not _TWO_SENTENCES.search(body)
    ):
        return True  # the title line under a name ("Head of IR, Zhihu Inc."), not the operator speaking
    if _TERMINAL.search(body.rstrip("]")) and not body.startswith("["):
        return False
    if _GENERIC_SPEAKER.match(body):
        return True
    if len(words) > 14:
        return False
    if _NAME_DASH_ROLE.match(body):
        return True  # "Jane Doe - CFO"
    if _NAME_COMMA.match(body) and _ROLE_WORDS.search(body):
        return True  # "Amy Sun, Investor Relations"
    return len(words) <= 4 and bool(_NAME.match(body)) and _looks_like_speaker(body)


_SPEECH_OPENERS = frozenset("your our my we i please thank thanks next now this that and so let".split())
"""First words of a line that someone says ("Our next question comes from ... Harbor Securities")."""
_TWO_SENTENCES = regex.compile(r"\p{Ll}[.!?]\s+\p{Lu}")


def _looks_like_speaker(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 4 and not any(w.lower() in _NOT_NAMES for w in words)


_NOT_NAMES = frozenset(
    "thank thanks yes no okay ok hello hi good great sure right well next first second third finally so and but the"
    " a an in on of for to q&a question questions answer".split()
)


def _speaker_names(text: str, all_lines: Sequence[Span], label_lines: set[int]) -> frozenset[str]:
    names: set[str] = set()
    for n in label_lines:
        for w in regex.findall(r"\p{Latin}+", text[all_lines[n].start : all_lines[n].end]):
            names.add(w.lower())
    return frozenset(names)
