"""Two-file sentence alignment on the MAC dev set: bitranscript against the offline baselines.

    .venv/bin/python benchmarks/bench_bitext.py [--data ../shared/dev/mac-dev] [--docs 001,002]

Prints one table: strict and lax precision/recall/F1 (micro-averaged over documents, the
definitions of Vecalign's and Bertalign's evaluation scripts, via ../shared/eval/eval_beads.py)
and seconds, for

* bitranscript with the machine translation of the source (``source_mt``),
* bitranscript from the raw Chinese (CC-CEDICT lexicon + names + length prior),
* Gale-Church (NLTK's ``gale_church.align_blocks`` on character lengths, the source's
  scaled by the document's length ratio; ``pip install .[bench]``),
* a 1-1 diagonal baseline (sentence k with sentence k, the rest unaligned).

Seconds are wall time over all documents; the CC-CEDICT load (once per process) is
timed separately and not in the per-document figure.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
Bead = tuple[tuple[int, ...], tuple[int, ...]]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").removesuffix("\n").split("\n")


def bitranscript_aligner(with_mt: bool) -> Callable[[list[str], list[str], list[str]], list[Bead]]:
    from bitranscript.bitext import align_texts

    def run(zh: list[str], en: list[str], mt: list[str]) -> list[Bead]:
        return [(b.source, b.target) for b in align_texts(zh, en, source_mt=mt if with_mt else None)]

    return run


def gale_church(zh: list[str], en: list[str], mt: list[str]) -> list[Bead]:
    """NLTK's Gale-Church on character lengths, its sentence links grouped into beads.

    NLTK's defaults assume equal lengths on both sides (European pairs); an English
    sentence has about three times the characters of its Chinese, so the source lengths
    are scaled by the document's ratio (total target over total source characters) first.
    """
    from nltk.translate.gale_church import align_blocks

    ratio = sum(map(len, en)) / max(1, sum(map(len, zh)))
    links = align_blocks([round(len(s) * ratio) for s in zh], [len(s) for s in en])
    return links_to_beads(links, len(zh), len(en))


def links_to_beads(links: list[tuple[int, int]], n: int, m: int) -> list[Bead]:
    """Monotone (i, j) links as beads: linked sentences that share a side form one bead."""
    beads: list[tuple[list[int], list[int]]] = []
    for i, j in sorted(links):
        if beads and (i in beads[-1][0] or j in beads[-1][1]):
            if i not in beads[-1][0]:
                beads[-1][0].append(i)
            if j not in beads[-1][1]:
                beads[-1][1].append(j)
        else:
            beads.append(([i], [j]))
    seen_s = {i for i, _ in links}
    seen_t = {j for _, j in links}
    out: list[Bead] = [(tuple(s), tuple(t)) for s, t in beads]
    out += [((i,), ()) for i in range(n) if i not in seen_s]
    out += [((), (j,)) for j in range(m) if j not in seen_t]
    return out


def diagonal(zh: list[str], en: list[str], mt: list[str]) -> list[Bead]:
    k = min(len(zh), len(en))
    return (
        [((i,), (i,)) for i in range(k)]
        + [((i,), ()) for i in range(k, len(zh))]
        + [((), (j,)) for j in range(k, len(en))]
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=SHARED / "dev" / "mac-dev")
    ap.add_argument("--docs", help="comma-separated document ids (default: all)")
    ap.add_argument("--skip-gale-church", action="store_true", help="leave out the slow NLTK baseline")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"no data at {args.data} (the MAC dev set lives in ../shared/dev/mac-dev)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(SHARED / "eval"))
    from eval_beads import read_alignments, score_multiple

    docs = args.docs.split(",") if args.docs else sorted(p.stem for p in args.data.glob("*.align"))
    data = {
        d: (_lines(args.data / f"{d}.zh"), _lines(args.data / f"{d}.en"), _lines(args.data / f"{d}.trans"))
        for d in docs
    }
    gold = [read_alignments(str(args.data / f"{d}.align")) for d in docs]

    from bitranscript.lexicon import load_cedict

    t0 = time.perf_counter()
    load_cedict()
    lexicon_s = time.perf_counter() - t0

    systems: list[tuple[str, Callable]] = [
        ("bitranscript, with MT", bitranscript_aligner(True)),
        ("bitranscript, raw Chinese", bitranscript_aligner(False)),
    ]
    if not args.skip_gale_church:
        try:
            import nltk  # noqa: F401

            systems.append(("Gale-Church (NLTK, chars)", gale_church))
        except ImportError:
            print("nltk missing (pip install '.[bench]'): Gale-Church left out", file=sys.stderr)
    systems.append(("1-1 diagonal", diagonal))

    print(
        f"MAC dev: {len(docs)} documents, {sum(len(g) for g in gold)} gold beads; CC-CEDICT load {lexicon_s:.2f} s (once)"
    )
    header = f"| {'system':<27} | strict P | strict R | strict F1 | lax P | lax R | lax F1 | seconds | s/doc |"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for name, fn in systems:
        t0 = time.perf_counter()
        preds = [fn(*data[d]) for d in docs]
        secs = time.perf_counter() - t0
        r = score_multiple(gold, preds)
        print(
            f"| {name:<27} | {r['precision_strict']:8.3f} | {r['recall_strict']:8.3f} | {r['f1_strict']:9.3f} "
            f"| {r['precision_lax']:5.3f} | {r['recall_lax']:5.3f} | {r['f1_lax']:6.3f} | {secs:7.2f} | {secs / len(docs):5.2f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
