"""Input formats besides plain text, rendered to the plain text the pipeline reads.

Two layouts of speaker turns are understood:

* **Speaker-labelled text**, as vendors deliver it: a speaker line before its paragraph
  (``Operator``, ``Jane Doe``, ``Jane Doe - CFO``) or an inline ``Name: text``. Nothing
  to convert: ``detect`` reads both as speaker labels and starts a new turn at each.
* **A JSON transcript**: a list of turns ``{"speaker": ..., "text": ...}`` (or an object
  ``{"turns": [...]}``). It is rendered to speaker-labelled text, one turn after another::

      <speaker>\\n<text>\\n\\n

  (the speaker line is left out where a turn has no speaker). That rendered text is the
  text of the :class:`~bitranscript.model.Result`: every offset points into it, not into
  the JSON, and ``Result.text`` holds it, so the turns can be recovered by anyone.

Speaker changes matter to detection and alignment (an interpreter's turn after a
speaker's is the strongest sign of an interpretation), which is why the JSON form keeps
each speaker on a line of its own, where the detector reads it as a label. A speaker name
in Chinese characters, or longer than four words, is not read as a label (the detector's
rule); write ``Name - Role`` for long ones.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .errors import InputError, shown
from .read import DEFAULT_MAX_BYTES, SURROGATE, read_file


def read_transcript(path: str | Path, *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read one transcript in any supported format and return the text to process.

    A ``.json`` file must be a JSON transcript; any other file is read as text, except
    that text which parses as a list of turns is taken as one (so standard input works).
    Raises :class:`InputError` naming the file and the place for bad input.
    """
    name = "<stdin>" if str(path) == "-" else shown(str(path))
    text = read_file(path, encoding=encoding, max_bytes=max_bytes)
    if name.lower().endswith(".json"):
        return render_turns(_parse_json(text, name), source=name)
    if text.lstrip("\ufeff \t\r\n").startswith(("[", "{")):
        try:
            data = _loads(text, name)
        except (ValueError, RecursionError):  # "[ [ [ ..." nested past the parser's depth is text
            return text
        if _looks_like_turns(data):
            return render_turns(data, source=name)
    return text


def render_turns(turns: Iterable[Mapping[str, Any]] | Mapping[str, Any], *, source: str | None = None) -> str:
    """Speaker-labelled text from JSON turns: a speaker line, its paragraph, a blank line.

    >>> render_turns([{"speaker": "Operator", "text": "Welcome."}, {"speaker": None, "text": "Hello."}])
    'Operator\\nWelcome.\\n\\nHello.\\n'
    """
    if isinstance(turns, Mapping):
        if "turns" not in turns:
            raise InputError('expected a list of turns or an object with "turns"', source=source)
        turns = turns["turns"]
    if not isinstance(turns, list):
        raise InputError('expected a list of turns {"speaker": ..., "text": ...}', source=source)
    blocks: list[str] = []
    for n, turn in enumerate(turns, 1):
        where = f"turn {n}"
        if not isinstance(turn, Mapping):
            raise InputError('a turn must be an object {"speaker": ..., "text": ...}', source=source, where=where)
        text, speaker = turn.get("text"), turn.get("speaker")
        if not isinstance(text, str):
            raise InputError('"text" must be a string', source=source, where=where)
        if speaker is not None and not isinstance(speaker, str):
            raise InputError('"speaker" must be a string or null', source=source, where=where)
        for key, value in (("text", text), ("speaker", speaker or "")):
            bad = SURROGATE.search(value)
            if bad:  # "\ud800" is valid JSON, but no text: it cannot be written out again
                raise InputError(
                    f'"{key}" holds a lone surrogate U+{ord(bad.group()):04X}',
                    source=source,
                    where=f"{where}, character {bad.start()}",
                )
        body = text.strip("\r\n")
        if not body.strip():
            continue
        speaker = " ".join((speaker or "").split())
        blocks.append(f"{speaker}\n{body}\n" if speaker else f"{body}\n")
    out = "\n".join(blocks)
    if not out.strip():
        raise InputError("no turn with any text", source=source)
    return out


def _parse_json(text: str, name: str) -> Any:
    try:
        return _loads(text, name)
    except json.JSONDecodeError as err:
        raise InputError(
            f"invalid JSON: {err.msg}", source=name, where=f"line {err.lineno}, column {err.colno}"
        ) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", source=name) from None


def _loads(text: str, name: str) -> Any:
    """``json.loads``, but a number that is no number (NaN, 1e999, 5,000 digits) is an input error.

    A transcript needs no numbers; Python would turn these into ``inf`` or fail inside ``int()``.
    """

    def where(token: str) -> str:
        at = text.find(token)
        line = text.count("\n", 0, at) + 1
        return f"line {line}, column {at - text.rfind(chr(10), 0, at)}"

    def bad(token: str, why: str) -> InputError:
        shown_token = token if len(token) <= 20 else f"{token[:12]}...({len(token):,} characters)"
        return InputError(f"{why}: {shown_token}", source=name, where=where(token))

    def parse_int(token: str) -> int:
        if len(token) > 100:
            raise bad(token, "number too long")
        return int(token)

    def parse_float(token: str) -> float:
        value = float(token)
        if not math.isfinite(value) or len(token) > 100:
            raise bad(token, "number out of range")
        return value

    def parse_constant(token: str) -> Any:
        raise bad(token, "not a JSON number")

    return json.loads(text, parse_int=parse_int, parse_float=parse_float, parse_constant=parse_constant)


def _looks_like_turns(data: Any) -> bool:
    if isinstance(data, Mapping):
        data = data.get("turns")
    return (
        isinstance(data, list)
        and bool(data)
        and all(isinstance(t, Mapping) and isinstance(t.get("text"), str) for t in data)
    )
