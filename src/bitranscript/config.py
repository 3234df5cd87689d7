"""Check configuration (``[tool.bitranscript]`` or ``bitranscript.toml``) and baseline files.

A vendor keeps one small table beside the transcripts::

    [tool.bitranscript]            # in pyproject.toml; in bitranscript.toml leave the header out
    fail-on = "warning"            # error | warning | info
    disable = ["speaker-format"]   # or: enable = [...] to run only those
    glossaries = ["terms.toml"]

    [tool.bitranscript.severity]
    garbled-mt = "error"

    [tool.bitranscript.thresholds]
    noise-min-repeats = 4

A baseline file lists the fingerprints of findings a vendor has accepted, so that a
gate fails only on new problems (``--write-baseline`` writes one, ``--baseline`` reads it).
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import InputError
from .model import SEVERITIES, Finding
from .model import CheckConfig as CheckConfig  # its public home is here, beside load_config
from .read import DEFAULT_MAX_BYTES, read_bytes

CONFIG_NAMES = ("bitranscript.toml", "pyproject.toml")
BASELINE_VERSION = 2
"""2: each entry names its file (``file``), so one baseline serves a folder; 1: fingerprints only."""


def find_config(start: str | Path = ".") -> Path | None:
    """The nearest ``bitranscript.toml``, or ``pyproject.toml`` with a ``[tool.bitranscript]`` table."""
    here = Path(start).resolve()
    for directory in (here, *here.parents):
        for name in CONFIG_NAMES:
            path = directory / name
            if path.is_file() and (name != "pyproject.toml" or _has_table(path)):
                return path
    return None


def _has_table(path: Path) -> bool:
    import tomllib  # read only where there is a file to read: a cold start without one saves 15 ms

    try:
        return "bitranscript" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return False


def load_config(
    path: str | Path | None = None, *, known_checks: tuple[str, ...] = (), max_bytes: int = DEFAULT_MAX_BYTES
) -> CheckConfig:
    """Read the configuration at ``path`` (or the nearest one); defaults when there is none.

    Unknown keys (with a did-you-mean), unknown check codes and threshold names, bad
    severities and thresholds that are no finite number are input errors naming the
    configuration file, so that a typo never silently turns a check off.
    """
    if path is None:
        path = find_config()
        if path is None:
            return CheckConfig()
    path = Path(path)
    if not path.exists():
        raise InputError("no such configuration file", source=str(path))
    data_bytes = read_bytes(path, max_bytes=max_bytes, what="configuration")
    import tomllib

    try:
        data = tomllib.loads(data_bytes.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise InputError("configuration is not UTF-8", source=str(path), where=f"byte {err.start}") from None
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"malformed TOML: {err}", source=str(path)) from None
    except RecursionError:
        raise InputError("malformed TOML: nested too deeply", source=str(path)) from None
    table: dict[str, Any] = data.get("tool", {}).get("bitranscript", {}) if path.name == "pyproject.toml" else data
    if path.name != "pyproject.toml" and "tool" in table:
        table = table["tool"].get("bitranscript", {})
    return _from_table(table, str(path), known_checks)


_KEYS = {"enable", "disable", "severity", "fail-on", "thresholds", "glossaries"}

THRESHOLDS = frozenset(
    {
        "number-consistency-max-ratio",
        "noise-min-repeats",
        "garbled-min-syllables",
        "garbled-max-frequency",
        "glossary-min-confidence",
    }
)
"""Every name ``checks.py`` reads with ``config.threshold(...)`` (a test keeps the two in step)."""


def _unknown(what: str, name: object, known: Any, source: str, place: str | None = None) -> InputError:
    """``unknown key 'fial-on' (did you mean 'fail-on'?)``: the error for a name that is not one of ``known``."""
    close = difflib.get_close_matches(str(name), sorted(known), n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"expected one of {', '.join(sorted(known))}"
    return InputError(f"unknown {what} {name!r} ({hint})", source=source, where=place)


def _from_table(table: dict[str, Any], source: str, known: tuple[str, ...]) -> CheckConfig:
    for key in table:
        if key not in _KEYS:
            raise _unknown("key", key, _KEYS, source)

    def codes(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"{key!r} must be a list of check codes", source=source)
        for code in value:
            if known and code not in known:
                raise _unknown("check", code, known, source, key)
        return tuple(value)

    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise InputError("'severity' must be a table of check = severity", source=source)
    for code, sev in severity.items():
        if known and code not in known:
            raise _unknown("check", code, known, source, "severity")
        if sev not in SEVERITIES:
            raise InputError(f"severity of {code!r} must be one of {', '.join(SEVERITIES)}, not {sev!r}", source=source)
    fail_on = table.get("fail-on", "error")
    if fail_on not in SEVERITIES:
        raise InputError(f"'fail-on' must be one of {', '.join(SEVERITIES)}, not {fail_on!r}", source=source)
    thresholds = table.get("thresholds", {})
    if not isinstance(thresholds, dict):
        raise InputError("'thresholds' must be a table of numbers", source=source)
    for name, value in thresholds.items():
        if name not in THRESHOLDS:
            raise _unknown("threshold", name, THRESHOLDS, source, "thresholds")
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or abs(value) > 1e15
        ):
            raise InputError(f"{name} must be a finite number, not {value!r}", source=source, where="thresholds")
    glossaries = table.get("glossaries", [])
    if not isinstance(glossaries, list) or not all(isinstance(g, str) for g in glossaries):
        raise InputError("'glossaries' must be a list of file names", source=source)
    base = Path(source).parent
    return CheckConfig(
        enable=codes("enable") if "enable" in table else None,
        disable=codes("disable"),
        severity=dict(severity),
        fail_on=fail_on,
        thresholds={k: float(v) for k, v in thresholds.items()},
        glossaries=tuple(str(base / g) for g in glossaries),
        source=source,
    )


def read_baseline(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> frozenset[str]:
    """The fingerprints recorded in a baseline file (of any file; see :func:`read_baseline_keys`)."""
    return frozenset(fp for _, fp in read_baseline_keys(path, max_bytes=max_bytes))


def read_baseline_keys(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> frozenset[tuple[str | None, str]]:
    """The (file, fingerprint) pairs recorded in a baseline file; file is None for an entry
    without one (a version 1 baseline), which then accepts the finding in any file."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such baseline file", source=str(path))
    raw = read_bytes(path, max_bytes=max_bytes, what="baseline")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as err:  # JSONDecodeError, and int()'s digit limit
        raise InputError(f"malformed baseline: {err}", source=str(path)) from None
    except RecursionError:
        raise InputError("malformed baseline: nested too deeply", source=str(path)) from None
    items = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(
        isinstance(i, dict) and isinstance(i.get("fingerprint"), str) and isinstance(i.get("file", ""), str | None)
        for i in items
    ):
        raise InputError(
            'malformed baseline: expected {"findings": [{"file": ..., "fingerprint": ...}, ...]}', source=str(path)
        )
    return frozenset((baseline_path(i["file"]) if i.get("file") else None, i["fingerprint"]) for i in items)


def baseline_path(name: str | None) -> str:
    """A file name as a baseline key: forward slashes, no leading ``./``."""
    name = (name or "<stdin>").replace("\\", "/")
    while name.startswith("./"):
        name = name[2:]
    return name


def baseline_text(findings: Iterable[Finding] | Iterable[tuple[str | None, Finding]], source: str | None = None) -> str:
    """A baseline file: for every finding its file and fingerprint, with code and message for the reader.

    ``findings`` are findings of ``source``, or (file, finding) pairs from many files.
    """
    pairs = [f if isinstance(f, tuple) else (source, f) for f in findings]
    items = [
        {"file": baseline_path(name), "fingerprint": f.fingerprint, "code": f.code, "message": f.message}
        for name, f in sorted(pairs, key=lambda p: (baseline_path(p[0]), p[1].code, p[1].fingerprint))
    ]
    return json.dumps({"version": BASELINE_VERSION, "findings": items}, ensure_ascii=False, indent=1) + "\n"


def apply_baseline(findings: tuple[Finding, ...], baseline: frozenset[str]) -> tuple[Finding, ...]:
    """``findings`` without those recorded in the baseline."""
    return tuple(f for f in findings if f.fingerprint not in baseline)


def apply_baseline_keys(
    findings: Iterable[Finding], baseline: frozenset[tuple[str | None, str]], source: str | None
) -> tuple[Finding, ...]:
    """``findings`` of file ``source`` without those its baseline entries (or file-less ones) record."""
    name = baseline_path(source)
    return tuple(f for f in findings if (name, f.fingerprint) not in baseline and (None, f.fingerprint) not in baseline)
