"""Build ``src/bitranscript/data/pinyin_syllables.txt`` from pypinyin's dictionary.

    python scripts/build_pinyin_syllables.py

Every toneless pinyin syllable that pypinyin's single-character dictionary has ("ü" as "v"),
one per line, sorted. Computing the set takes about a second (every reading of 40,000
characters through pypinyin's tone conversion), which every cold command would pay; the
list changes only with the pinyin standard, so it ships with the package. A test checks
it against pypinyin (``tests/test_features_data.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/bitranscript/data/pinyin_syllables.txt"

# Interjection-only readings (m, n, ng, hm) and lone vowels would let English endings such as
# "-ing" or "-e-" split into "syllables"; real romanised words do without them.
_LEFT_OUT = frozenset({"hm", "ng", "hng"})


def syllables() -> list[str]:
    from pypinyin.constants import PINYIN_DICT
    from pypinyin.contrib.tone_convert import to_normal

    out: set[str] = set()
    for readings in PINYIN_DICT.values():
        for r in readings.split(","):
            out.add(to_normal(r).replace("ü", "v"))
    return sorted(s for s in out if s.isascii() and s.isalpha() and len(s) > 1 and s not in _LEFT_OUT)


def main() -> int:
    found = syllables()
    header = "# Toneless pinyin syllables from pypinyin's dictionary; built by scripts/build_pinyin_syllables.py\n"
    OUT.write_text(header + "".join(f"{s}\n" for s in found), encoding="utf-8")
    print(f"{len(found)} syllables -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
