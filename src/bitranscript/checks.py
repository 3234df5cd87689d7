"""Quality checks a vendor runs before delivery: a registry of small named checks.

Each :class:`Check` has a code, a default severity and a docstring (``check --list``
prints them), and is a function from a :class:`Context` (the pipeline's ``Result`` plus
the configuration) to :class:`Hit` s. :func:`run_checks` turns hits into
:class:`~bitranscript.model.Finding` s with severities from the configuration and
stable fingerprints (code + the text of the span and around it, never offsets, so a
baseline survives edits elsewhere in the file).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from types import ModuleType

import regex

from . import numbers as N
from .model import SEVERITIES, SOURCE_KINDS, CheckConfig, Edit, Finding, Result, Severity
from .params import NUMBERS


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check reports before severity and fingerprint are decided."""

    start: int
    end: int
    message: str


@dataclass
class Context:
    """One run of the checks over one result; caches what several checks share."""

    result: Result
    config: CheckConfig = field(default_factory=CheckConfig)
    _metric_cache: dict[N.Figure, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _noise_cache: dict[int, dict[int, list[tuple[int, int]]]] = field(default_factory=dict, repr=False)

    @cached_property
    def figures(self) -> _SegmentFigures:
        """Segment index -> its figures, with absolute offsets, each parsed when first asked for."""
        return _SegmentFigures(self.result)

    @cached_property
    def paired(self) -> dict[int, int]:
        """Segment index -> index of the pair it is in."""
        return {i: n for n, p in enumerate(self.result.pairs) for i in (*p.original, *p.interpretation)}

    def metric(self, f: N.Figure) -> tuple[str, ...]:
        """The words that say what ``f`` measures (see :func:`_metric`), computed once."""
        if f not in self._metric_cache:
            self._metric_cache[f] = _metric(self.result.text, f)
        return self._metric_cache[f]

    def noise_runs(self, min_repeats: int) -> dict[int, list[tuple[int, int]]]:
        """Segment index -> the loops and filler runs of every segment but noise ones (offsets
        into its text): one vectorised pass over them all (``features.noise_runs_many``),
        shared by the noise-loop and repeated-word checks."""
        if min_repeats not in self._noise_cache:
            from .features import noise_runs_many

            res = self.result
            ids = [i for i, seg in enumerate(res.segments) if seg.kind != "noise"]
            bodies = [res.text[res.segments[i].start : res.segments[i].end] for i in ids]
            self._noise_cache[min_repeats] = dict(
                zip(ids, noise_runs_many(bodies, min_repeats=min_repeats), strict=True)
            )
        return self._noise_cache[min_repeats]

    @cached_property
    def number_conflicts(self) -> list[tuple[N.Figure, N.Figure, str]]:
        """(original's figure, interpretation's figure, why) for every figure conflict; the
        three number checks report from this one list."""
        return _number_conflicts(self)


class _SegmentFigures(dict[int, list[N.Figure]]):
    """Segment index -> its figures, with absolute offsets, parsed when first looked up: the
    number checks read those of pairs with figures on both sides, of remarks left unpaired
    and the English after them, and of segments that may state an amount or a percentage
    (``numbers.may_hold_amount``), not all (parsing is most of the checks' time)."""

    def __init__(self, result: Result) -> None:
        super().__init__()
        self.result = result

    def __missing__(self, i: int) -> list[N.Figure]:
        seg = self.result.segments[i]
        figs = self[i] = [_shift(f, seg.start) for f in N.parse_figures(self.result.text[seg.start : seg.end])]
        return figs


@dataclass(frozen=True, slots=True)
class Check:
    """A named check: its code, default severity and the function that finds its hits."""

    code: str
    severity: Severity
    run: Callable[[Context], Iterable[Hit]]
    default: bool = True
    """Whether it runs when the configuration does not name it."""

    @property
    def doc(self) -> str:
        return " ".join((self.run.__doc__ or "").strip().split("\n\n")[0].split())


def _shift(f: N.Figure, by: int) -> N.Figure:
    """``f`` moved by ``by`` (positional construction: ``dataclasses.replace`` is slow here)."""
    return N.Figure(
        f.start + by,
        f.end + by,
        f.value,
        f.high,
        f.unit,
        f.currency,
        f.step,
        f.approx,
        f.noun,
        f.text,
        f.vague,
        f.bound,
    )


# --------------------------------------------------------------------------- numbers

_WORD = regex.compile(r"[\p{L}][\p{L}'’\-]*")
_GENERIC = frozenset(
    """the a an of to in on at by for from with and or our we us this that these those is was were be been being
    has have had it its which who as than then also further more over up down about around approximately
    reached reach reaching amounted amount amounting increased increase increasing rose rise rising grew grow growth
    remained remain stable was total quarter year q1 q2 q3 q4 rmb usd yuan dollar million billion thousand
    after before adjustment adjusted this last same period compared marking representing achieved achieve
    record recorded some while per cent percent approximately roughly nearly only just still even already
    higher lower times time fourfold first second third fourth new very significant slight slightly
    specifically furthermore moreover however so then now in-q4 i you they he she there here
    decreased decrease decreasing declined decline declining dropped drop fell fall falling down
    improved improve improvement expanded expand compared compare primarily mainly mostly due driven
    because result resulting attributable reflecting reflected versus vs yoy year-over-year
    quarter-over-quarter sequentially sequential respectively approximately accounted account
    basis number each all any other another total overall net-net""".split()
)
_SENTENCE_END = regex.compile(r"[.;!?。；！？]\s")
_OTHER_PERIOD = regex.compile(
    r"(?i)\b(?:last|previous|prior|same)\s+(?:quarter|year|period)|\ba\s+year\s+ago|\bin\s+(?:19|20)\d\d\b"
)


@cache
def _metric_word(word: str) -> str:
    """A word of a metric's name in one form ("revenues" -> "revenue", "outflow" -> "flow")."""
    w = N.singular(word.lower().strip("-'’"))
    return {"inflow": "flow", "outflow": "flow", "revenues": "revenue", "profits": "profit"}.get(w, w)


def _metric(text: str, fig: N.Figure, *, before: int = 6, after: int = 4) -> tuple[str, ...]:
    """The words that say what a figure measures: content words just before it in its
    sentence, and the noun phrase right after it ("370.4 million RMB net operating cash inflow")."""
    lo = max(0, fig.start - 120)
    head = text[lo : fig.start]
    cut = list(_SENTENCE_END.finditer(head))
    if cut:
        head = head[cut[-1].end() :]
    words = [_metric_word(w) for w in _WORD.findall(head)]
    words = [w for w in words if w not in _GENERIC and len(w) > 1][-before:]
    return tuple(words) + _tail_words(text, fig, after)


def _tail_words(text: str, fig: N.Figure, after: int) -> tuple[str, ...]:
    """The noun phrase right after a figure ("370.4 million RMB net operating cash inflow")."""
    tail = text[fig.end : fig.end + 60]
    tail_words: list[str] = []
    skipped = 0
    for w in _WORD.findall(_SENTENCE_END.split(tail)[0])[: after + 2]:
        s = _metric_word(w)
        if s in _GENERIC:
            if s in {"rmb", "yuan", "usd", "dollar"} and not tail_words:
                continue
            if tail_words or skipped:
                break
            skipped += 1  # one leading adjective ("4 new data centers")
            continue
        tail_words.append(s)
    return tuple(tail_words[:after])


def _bigrams(words: tuple[str, ...]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:], strict=False))


def _category(f: N.Figure) -> str:
    return f.unit


def _significant(f: N.Figure) -> bool:
    """Figures worth comparing: amounts, percentages, basis points and counts of a named thing."""
    if f.unit != "count":
        return True
    spelled = f.text.isalpha() and f.text.isascii()  # "eight orders": too loose to hold an interpreter to
    return f.noun is not None and f.value >= 2 and not spelled


def _counterpart(f: N.Figure, g: N.Figure) -> bool:
    if _category(f) != _category(g):
        return False
    if f.unit == "count":
        return f.noun == g.noun or (
            f.noun is not None and g.noun is not None and not (f.noun.isascii() and g.noun.isascii())
        )
    return True


def _different_currency(a: N.Figure, b: N.Figure) -> bool:
    return bool(a.currency and b.currency and a.currency != b.currency)


def _equal(source: list[N.Figure], target: list[N.Figure]) -> set[tuple[int, int]]:
    """(source index, target index) of every two figures of the same value (``numbers.same_value``)."""
    return {(i, k) for i, f in enumerate(source) for k, g in enumerate(target) if N.same_value(f, g)}


def _agreeing(
    source: list[N.Figure], target: list[N.Figure], equal: set[tuple[int, int]]
) -> tuple[dict[int, int], set[int], set[int]]:
    """Which figures agree: a one-to-one matching of equal figures (``equal``: :func:`_equal`),
    closest first (so 19倍 takes "19 times", not "20 times"; an exact figure before a vague one),
    plus repeats of a matched value. Returns source index -> target index and the sets of
    agreeing indices."""
    cand = []
    for i, k in equal:
        f, g = source[i], target[k]
        d = 0.5 if (f.vague or g.vague) else abs(f.value - g.value) / max(abs(f.value), abs(g.value), 1e-12)
        cand.append((d, i, k))
    cand.sort()
    match: dict[int, int] = {}
    taken: set[int] = set()
    for _distance, i, k in cand:
        if i not in match and k not in taken:
            match[i] = k
            taken.add(k)
    ok_s, ok_t = set(match), set(taken)
    for d, i, k in cand:  # a figure said twice: its repeat agrees too
        if d == 0:
            ok_s.add(i)
            ok_t.add(k)
    return match, ok_s, ok_t


def _in_order(open_s: list[N.Figure], open_t: list[N.Figure]) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Open figures of one kind paired in text order: (pairs where both sides have as many open
    figures of the kind, the interpreter having changed them in place; pairs of a monotone
    alignment by closeness where the counts differ, a figure having been dropped or added).
    Pairs are of ``id`` s and only plausible ones (:func:`_plausible`)."""
    same: set[tuple[int, int]] = set()
    aligned: set[tuple[int, int]] = set()
    for unit in {f.unit for f in open_s} & {g.unit for g in open_t}:
        xs = [f for f in open_s if f.unit == unit]
        ys = [g for g in open_t if g.unit == unit]
        if len(xs) == len(ys):
            same |= {(id(f), id(g)) for f, g in zip(xs, ys, strict=True) if _plausible(f, g)}
            continue
        # monotone alignment: most plausible pairs, then the closest values
        n, m = len(xs), len(ys)
        empty: tuple[tuple[int, int], ...] = ()
        best = [[(0, 0.0, empty)] * (m + 1) for _ in range(n + 1)]
        for i in range(1, n + 1):
            for j in range(1, m + 1):
                opts = [best[i - 1][j], best[i][j - 1]]
                f, g = xs[i - 1], ys[j - 1]
                if _plausible(f, g):
                    c, cost, path = best[i - 1][j - 1]
                    gap = abs(math.log(max(abs(f.value), 1e-12) / max(abs(g.value), 1e-12)))
                    opts.append((c + 1, cost - gap, (*path, (id(f), id(g)))))
                best[i][j] = max(opts, key=lambda o: (o[0], o[1]))
        aligned |= set(best[n][m][2])
    return same, aligned


def _compare(
    ctx: Context,
    source: list[N.Figure],
    target: list[N.Figure],
    *,
    loose: bool,
    skip: frozenset[tuple[int, int]] = frozenset(),
    equal: set[tuple[int, int]] | None = None,
) -> list[tuple[N.Figure, N.Figure, str]]:
    """Figures of ``source`` with no equal value in ``target`` but a counterpart there that
    measures the same thing: shared metric words, a power-of-ten slip, the same place among
    the figures of its kind that the two sides do not agree on, or the only candidate.
    Figures whose place is in ``skip`` (already in a conflict) take no part on either side.
    ``equal``: :func:`_equal` of the two, when the caller has it."""
    out: list[tuple[N.Figure, N.Figure, str]] = []
    used: set[int] = {k for k, g in enumerate(target) if (g.start, g.end) in skip}
    equal = _equal(source, target) if equal is None else equal
    match, ok_s, ok_t = _agreeing(source, target, equal)
    # An interpreter keeps most figures: sides that agree on fewer than half of them are
    # likely not a translation of each other (a pairing slip), and there only a
    # power-of-ten slip or a strong metric match counts.
    sig_s = [f for f in source if _significant(f)]
    sig_t = [g for g in target if _significant(g)]
    agree = sum(1 for i, f in enumerate(source) if _significant(f) and i in ok_s)
    # figures of a kind the other side has none of (a multiple only the interpreter adds) do not count
    both_s = [f for f in sig_s if any(_counterpart(f, g) for g in sig_t)]
    both_t = [g for g in sig_t if any(_counterpart(f, g) for f in sig_s)]
    shares = bool(both_s and both_t) and agree >= 0.5 * min(len(both_s), len(both_t))
    open_s = [f for i, f in enumerate(source) if _significant(f) and i not in ok_s]
    open_t = [g for k, g in enumerate(target) if _significant(g) and k not in ok_t]
    # place is evidence only where the sides are a translation of each other: they agree on
    # most figures, or each holds one figure (a short remark and its rendering)
    lone = len(both_s) == 1 and len(both_t) == 1
    in_place, aligned = (set(), set()) if loose or not (shares or lone) else _in_order(open_s, open_t)
    if not shares:
        aligned = set()
    for i, f in enumerate(source):
        if not _significant(f) or (f.start, f.end) in skip:
            continue
        if i in ok_s:
            g = target[match[i] if i in match else next(k for k in range(len(target)) if (i, k) in equal)]
            if _different_currency(f, g) and _counterpart(f, g) and not (f.approx or g.approx):
                out.append((f, g, "currency"))
            continue
        cands = [(k, g) for k, g in enumerate(target) if k not in used and k not in ok_t and _counterpart(f, g)]
        if not cands:
            continue
        fm = set(ctx.metric(f))
        best, best_score = None, 0.0
        for k, g in cands:
            shared = len(fm & set(ctx.metric(g)))
            if not shares and min(len(sig_s), len(sig_t)) >= 2:
                shared = 0  # figures that disagree throughout: only a power-of-ten slip is evidence
            score = (
                shared + (1.5 if N.scale_slip(f, g) else 0.0) + (1.0 if f.unit == "count" and f.noun == g.noun else 0.0)
            )
            if (id(f), id(g)) in in_place:
                score += 2.0
            elif (id(f), id(g)) in aligned:
                score += 1.5
            if score > best_score:
                best, best_score = (k, g), score
        open_source = [h for h in open_s if _counterpart(h, cands[0][1])]
        sole = len(cands) == 1 and len(open_source) == 1  # the one figure of its kind left unmatched on each side
        if best is None and sole and shares and not loose and f.unit != "count":
            best, best_score = cands[0], 1.0
        if shares:
            needed = 1.5 if loose else 1.0
        else:  # a lone figure each side needs two metric words; more figures, a slip (shared was zeroed)
            needed = 2.0 if min(len(sig_s), len(sig_t)) < 2 else 1.5
        if best is None or best_score < needed:
            continue
        used.add(best[0])
        out.append((f, best[1], "value"))
    return out


def _nth_open(opens: list[N.Figure], f: N.Figure) -> int:
    """Index of ``f`` among the open figures of its kind (``-1`` when it is not open)."""
    same = [h for h in opens if h.unit == f.unit]
    return next((k for k, h in enumerate(same) if h is f), -1)


def _plausible(f: N.Figure, g: N.Figure) -> bool:
    """Two values one figure can have become: close (``Numbers.max_ratio``) or a known slip."""
    for r, v in ((f, g), (g, f)):
        if r.high is not None and v.high is None and min(r.value, r.high) <= v.value <= max(r.value, r.high):
            return False  # one end of a range ("between one and five percent" read as 5%): not a change
    if N.scale_slip(f, g) or N.teen_ty_slip(f, g) or N.digit_slip(f, g):
        return True
    if f.unit == "percent" == g.unit and abs(f.value - g.value) <= NUMBERS.max_points:
        return True
    a, b = abs(f.value), abs(g.value)
    limit = NUMBERS.max_ratio
    for v, w in ((f, g), (g, f)):
        if v.vague and v.high is not None:  # measured from the nearer end of the vague span
            a, b = (abs(v.high), abs(w.value)) if abs(w.value) > abs(v.high) else (abs(v.value), abs(w.value))
            limit = NUMBERS.vague_max_ratio
    if a == 0 or b == 0:
        return a == b
    return max(a, b) / min(a, b) <= limit


_LETTER = regex.compile(r"\p{L}")


def _source_runs(res: Result) -> list[tuple[int, ...]]:
    """Runs of consecutive segments on one line that are one remark in the source language:
    source segments and the letterless fragments (native or noise) between or after them.
    Chinese written one character apart is sometimes cut at the point of a decimal
    ("净 利 率 为 4 8 ." | "5 % 。") or has digits taken for a loop ("9 9 9 . 9"), leaving a
    figure in pieces and the remark with it."""
    runs: list[tuple[int, ...]] = []
    cur: list[int] = []
    for i, seg in enumerate(res.segments):
        fragment = seg.kind in ("native", "noise") and not _LETTER.search(res.text, seg.start, seg.end)
        if cur and res.segments[cur[-1]].line == seg.line and (seg.kind in SOURCE_KINDS or fragment):
            cur.append(i)
            continue
        if cur:
            runs.append(tuple(cur))
        cur = [i] if seg.kind in SOURCE_KINDS else []
    if cur:
        runs.append(tuple(cur))
    return runs


def _run_figures(ctx: Context, run: tuple[int, ...]) -> list[N.Figure]:
    """The figures of a run, read across its pieces (a figure cut in two is read whole)."""
    if len(run) == 1:
        return ctx.figures[run[0]]
    segs = ctx.result.segments
    a, b = segs[run[0]].start, segs[run[-1]].end
    return [_shift(f, a) for f in N.parse_figures(ctx.result.text[a:b])]


def _pair_conflicts(
    ctx: Context, src: list[N.Figure], tgt: list[N.Figure], settled: set[tuple[int, int]]
) -> list[tuple[N.Figure, N.Figure, str]]:
    """Conflicts between the two sides of a pair, both ways."""
    equal = _equal(src, tgt)  # same_value is symmetric: the one set serves both ways
    for i, f in enumerate(src):  # the pair renders this figure (rightly or not): no need to look further
        if any((i, k) in equal or _counterpart(f, g) for k, g in enumerate(tgt)):
            settled.add((f.start, f.end))
    found = _compare(ctx, src, tgt, loose=False, equal=equal)
    involved = frozenset((x.start, x.end) for f, g, _ in found for x in (f, g))
    # vice versa: interpretation figures against the original; kept as (original's, interpretation's)
    back = _compare(ctx, tgt, src, loose=False, skip=involved, equal={(k, i) for i, k in equal})
    found += [(f, g, "reverse") for g, f, why in back if why == "value"]
    settled.update((f.start, f.end) for f, _, _ in found)
    return found


def _number_conflicts(ctx: Context) -> list[tuple[N.Figure, N.Figure, str]]:
    """Original-side figures against their interpretation: over the pairs, then, for figures
    their pair does not render at all, against the English that follows (up to 2 lines on,
    up to an original remark on a later line).

    A pair's original takes in the unpaired pieces of its remark on the same line (see
    :func:`_source_runs`); a remark left unpaired whose next English within 2 lines is an
    interpretation no pair holds is compared with it as a pair."""
    res = ctx.result
    figs = ctx.figures
    paired = ctx.paired
    out: list[tuple[N.Figure, N.Figure, str]] = []
    settled: set[tuple[int, int]] = set()
    runs = _source_runs(res)
    run_of = {i: r for r in runs for i in r}
    done: set[int] = set()  # source segments whose figures a pair has compared
    for n, pair in enumerate(res.pairs):
        src_runs: list[tuple[int, ...]] = []
        for i in pair.original:
            run = run_of.get(i, (i,))
            if any(paired.get(j, n) != n for j in run):  # pieces of another pair: this segment alone
                run = (i,)
            if run not in src_runs:
                src_runs.append(run)
                done.update(run)
        said = [f for i in pair.interpretation for f in figs[i]]
        if said:  # with no figure on one side a pair has no conflict (nor its original to parse)
            src = [f for run in src_runs for f in _run_figures(ctx, run)]
            out.extend(_pair_conflicts(ctx, src, said, settled))
    for run in runs:
        if any(i in done or i in paired for i in run):
            continue
        src = [f for f in _run_figures(ctx, run) if (f.start, f.end) not in settled]
        if not src:
            continue
        last = res.segments[run[-1]]
        tgt: list[N.Figure] = []
        loose_pair: list[int] = []
        for j in range(run[-1] + 1, len(res.segments)):  # the English that follows, up to the next original
            other = res.segments[j]
            if other.line > last.line + 2 or (other.kind in SOURCE_KINDS and other.line > last.line):
                break
            if other.kind in ("interpretation", "native"):
                tgt.extend(figs[j])
            if other.kind == "interpretation" and j not in paired and other.line > last.line:
                loose_pair.append(j)
        if loose_pair:  # the aligner left both unpaired: the interpretation that follows renders it
            out.extend(_pair_conflicts(ctx, src, [f for j in loose_pair for f in figs[j]], settled))
        else:
            out.extend(_compare(ctx, src, tgt, loose=True))
    return out


def check_number_mismatch(ctx: Context) -> Iterator[Hit]:
    """A figure in an original remark that its interpretation renders with another value, or vice versa.

    Values are compared after scale conversion (亿 = 10^8, 万 = 10^4, million, billion) and
    allowed the rounding of the precision spoken ("RMB 169 million" = 168.5 million).
    """
    for f, g, why in ctx.number_conflicts:
        if why in ("value", "reverse") and N.verdict(f, g) == "cut":
            continue  # number-precision reports it
        if why == "value":
            yield Hit(f.start, f.end, f"number in the original ({f.text!r} = {f.describe()}) differs from "
                      f"the interpretation ({g.text!r} = {g.describe()})")  # fmt: skip
        elif why == "reverse":  # found from the interpretation's side: reported at its figure ``g``
            yield Hit(g.start, g.end, f"number in the interpretation ({g.text!r} = {g.describe()}) differs from "
                      f"the original ({f.text!r} = {f.describe()})")  # fmt: skip


def check_number_precision(ctx: Context) -> Iterator[Hit]:
    """A figure the interpretation cuts rather than rounds (132.8亿 = 13.28 billion as "13.2 billion").

    Off by more than rounding to the precision spoken but less than one step of it
    (``params.Numbers.cut_steps``); a larger difference is a ``number-mismatch``.
    """
    for f, g, why in ctx.number_conflicts:
        if why in ("value", "reverse") and N.verdict(f, g) == "cut":
            yield Hit(f.start, f.end, f"number in the original ({f.text!r} = {f.describe()}) is cut in "
                      f"the interpretation ({g.text!r} = {g.describe()}), not rounded")  # fmt: skip


def check_number_currency(ctx: Context) -> Iterator[Hit]:
    """An original figure and its interpretation with the same number in different currencies (RMB vs $)."""
    for f, g, why in ctx.number_conflicts:
        if why == "currency":
            yield Hit(
                f.start,
                f.end,
                f"number {f.text!r} is in {f.currency} but the interpretation says {g.text!r} ({g.currency})",
            )


_PRIOR_BEFORE = regex.compile(r"(?i)\b(?:from|compared\s+(?:with|to)|versus|vs\.?|against|of)\s+$")
_CLAUSE_CUT = regex.compile(r"[,;:，；：、]\s*|\s(?:and|while|whereas|but)\s")


def _clause_metric(ctx: Context, seg: int, f: N.Figure) -> tuple[str, ...]:
    """The words of the metric ``f`` states, from its own clause only: the words after the
    previous figure or clause break (so "revenue was X and gross profit was Y" gives Y the
    words "gross profit", not "revenue"), and the noun phrase right after it."""
    text = ctx.result.text
    lo = max(ctx.result.segments[seg].start, f.start - 120)
    for g in ctx.figures[seg]:
        if g.end <= f.start:
            lo = max(lo, g.end)
    head = text[lo : f.start]
    for pattern in (_SENTENCE_END, _CLAUSE_CUT):
        cut = list(pattern.finditer(head))
        if cut:
            head = head[cut[-1].end() :]
    words = [_metric_word(w) for w in _WORD.findall(head)]
    words = [w for w in words if w not in _GENERIC and len(w) > 1][-6:]
    return tuple(words) + _tail_words(text, f, 4)


def _other_period(text: str, f: N.Figure, nxt: int) -> bool:
    """``f`` is a prior period's value ("from 60%", "... last year"), not the one the call reports now."""
    if _PRIOR_BEFORE.search(text[max(0, f.start - 20) : f.start]):
        return True
    after = text[f.end : min(f.end + 40, nxt)]  # up to the next figure: "70% from 60% last year"
    before = text[max(0, f.start - 30) : f.start]
    return bool(_OTHER_PERIOD.search(after) or _OTHER_PERIOD.search(before))


def check_number_consistency(ctx: Context) -> Iterator[Hit]:
    """The same metric given with two different values in one call (an interpreted figure
    against the speaker's own figure later, e.g. operating cash inflow 317 vs 370.4 million).

    The metric is told by its own words (those of the figure's clause and the noun phrase
    after it), never by where the figures stand. One of the two figures must have passed
    through interpretation or machine translation (an interpretation or an original remark),
    so an English-only passage is never compared with itself. Amounts up to
    ``number-consistency-max-ratio`` apart count; percentages only with a slip that explains
    them (a misheard -teen/-ty, 17.1% against 70%; a power of ten).
    """
    res, text = ctx.result, ctx.result.text
    reported = {(f.start, f.end) for f, _, _ in ctx.number_conflicts}
    interpreted = {"interpretation", *SOURCE_KINDS}
    items: list[tuple[int, N.Figure, tuple[str, ...]]] = []
    for i, seg in enumerate(res.segments):
        if i not in ctx.figures and not N.may_hold_amount(text[seg.start : seg.end]):
            continue  # no amount or percentage there: not parsed for this check alone
        figs = ctx.figures[i]
        for k, f in enumerate(figs):
            if f.unit not in ("amount", "percent") or f.high is not None or f.approx or f.vague:
                continue
            nxt = figs[k + 1].start if k + 1 < len(figs) else seg.end
            if _other_period(text, f, nxt):
                continue
            items.append((i, f, _clause_metric(ctx, i, f)))
    by_bigram: dict[tuple[str, str], list[int]] = defaultdict(list)  # so a long call is not quadratic
    for x, (_, _, fm) in enumerate(items):
        for bg in _bigrams(fm):
            by_bigram[bg].append(x)
    max_ratio = ctx.config.threshold("number-consistency-max-ratio", 2.0)
    for x, (i, f, fm) in enumerate(items):
        if (f.start, f.end) in reported:
            continue
        later = sorted({y for bg in _bigrams(fm) for y in by_bigram[bg] if y > x})
        for j, g, gm in (items[y] for y in later):
            si, sj = res.segments[i], res.segments[j]
            if sj.line == si.line or (si.kind not in interpreted and sj.kind not in interpreted):
                continue
            if i in ctx.paired and ctx.paired.get(i) == ctx.paired.get(j):
                continue  # within one pair: number-mismatch decides
            if f.unit != g.unit:
                continue
            if (
                len(_bigrams(fm) & _bigrams(gm)) < NUMBERS.consistency_min_shared
                or N.same_value(f, g)
                or f.value * g.value <= 0
            ):
                continue
            slip = N.scale_slip(f, g) or N.teen_ty_slip(f, g)
            ratio = max(abs(f.value), abs(g.value)) / min(abs(f.value), abs(g.value))
            if not slip and (f.unit == "percent" or ratio > max_ratio):
                continue
            shared = " ".join(sorted({w for bg in _bigrams(fm) & _bigrams(gm) for w in bg}))
            yield Hit(f.start, f.end, f"number {f.text!r} ({f.describe()}) disagrees with {g.text!r} "
                      f"({g.describe()}) on line {res.segments[j].line + 1} for the same metric ({shared})")  # fmt: skip
            break


# --------------------------------------------------------------------------- text checks

_HAN_RUN = regex.compile(r"\p{Han}[\p{Han}\s，。、：；！？]*")
_QMARKS = regex.compile(r"\?{3,}|�{2,}")
_OPEN_BRACKET = re.compile(r"[\[(]")


def _placeholders(text: str) -> Iterator[regex.Match[str]]:
    """What ``features.PLACEHOLDER.finditer(text)`` finds, tried only at the opening brackets
    every placeholder starts with: ``re`` finds those in a call twice as fast as ``regex``
    scans it for the pattern."""
    from .features import PLACEHOLDER, matches_at

    if "[" not in text and "(" not in text:  # ``in`` says so faster still
        return
    yield from matches_at(PLACEHOLDER.match, text, (b.start() for b in _OPEN_BRACKET.finditer(text)))


def check_untranslated(ctx: Context) -> Iterator[Hit]:
    """An original or Chinese remark with no interpretation; Chinese characters, "???" runs or
    placeholders such as "[Non-English content]" left in the delivered English."""
    from .features import PLACEHOLDER

    res = ctx.result
    for i, seg in enumerate(res.segments):
        body = res.text[seg.start : seg.end]
        if seg.kind in SOURCE_KINDS:
            if i not in ctx.paired and not PLACEHOLDER.search(body):
                yield Hit(seg.start, seg.end, f"{seg.kind} remark has no interpretation")
            continue
        if seg.kind in ("native", "interpretation") and not body.isascii():  # Han is not ASCII
            for m in _HAN_RUN.finditer(body):
                yield Hit(
                    seg.start + m.start(),
                    seg.start + m.start() + len(m.group().rstrip()),
                    "Chinese characters left in English text",
                )
    for m in _placeholders(res.text):
        yield Hit(m.start(), m.end(), f"placeholder {m.group()!r} stands for untranscribed speech")
    if "???" in res.text or "\ufffd\ufffd" in res.text:  # what ``_QMARKS`` needs, found far faster
        for m in _QMARKS.finditer(res.text):
            yield Hit(m.start(), m.end(), "run of unrecognised characters")


def check_noise_loop(ctx: Context) -> Iterator[Hit]:
    """Hallucinated repetition: a word or phrase looping, or a run of fillers ("uh, uh, uh")."""
    from .features import merge_spans

    res = ctx.result
    repeats = int(ctx.config.threshold("noise-min-repeats", 4))
    spans = [(s.start, s.end) for s in res.segments if s.kind == "noise"]
    for i, runs in ctx.noise_runs(repeats).items():
        at = res.segments[i].start
        spans.extend((at + a, at + b) for a, b in runs)
    for s, e in merge_spans(spans):
        body = " ".join(res.text[s:e].split())
        if body:
            yield Hit(s, e, f"noise loop or filler run: {body[:60]!r}" + ("..." if len(body) > 60 else ""))


def check_garbled_mt(ctx: Context) -> Iterator[Hit]:
    """Machine-translation garble left in English outside a marked original: romanised
    Chinese words ("Gongyouyun", "Jinshan Yun") that are not English and not a speaker's name."""
    from .features import LATIN_TOKEN, english_frequencies, is_pinyin_word, latin_words, pinyin_split

    res = ctx.result
    freq = english_frequencies()
    names = {w.lower() for s in res.segments if s.speaker for w in _WORD.findall(s.speaker)}
    min_syllables = int(ctx.config.threshold("garbled-min-syllables", 3))
    max_freq = ctx.config.threshold("garbled-max-frequency", 1e-7)  # "Yolanda", "Xiaomi" are known to English
    verdicts: dict[str, bool] = {}  # a call says a few hundred words thousands of times: each is judged once

    def romanised(w: str) -> bool:
        if w not in verdicts:
            low = w.lower()
            verdicts[w] = not (low in names or freq.get(low, 0.0) > max_freq or not is_pinyin_word(w, freq))
        return verdicts[w]

    for seg in res.segments:
        if seg.kind not in ("native", "interpretation"):
            continue
        body = res.text[seg.start : seg.end]
        if not any(map(romanised, latin_words(body))):
            continue  # most English segments: no offsets to find
        words = list(LATIN_TOKEN.finditer(body))
        for k, m in enumerate(words):
            w = m.group()
            if not romanised(w):
                continue
            syl = pinyin_split(w.lower()) or ()
            nxt = words[k + 1].group().lower() if k + 1 < len(words) else ""
            if len(syl) >= min_syllables or (nxt == "yun" and words[k + 1].start() == m.end() + 1):
                end = words[k + 1].end() if nxt == "yun" else m.end()
                yield Hit(
                    seg.start + m.start(),
                    seg.start + end,
                    f"romanised Chinese {body[m.start() : end]!r} in English text",
                )


_DOUBLE = regex.compile(r"(?i)\b(\p{L}+)(?:[ \t]+\1\b){1,2}")
_DOUBLE_ASCII = re.compile(r"\W([A-Za-z]++)(?:[ \t]+(?i:\1)\b){1,2}")
"""``_DOUBLE`` for ASCII text with a space put before it (see :func:`_doubles`)."""
_DOUBLE_OK = frozenset(
    {
        "had",
        "that",
        "is",
        "bye",
        "very",
        "so",
        "no",
        "yes",
        "yeah",
        "okay",
        "ok",
        "thank",
        "well",
        "hello",
        "hi",
        "right",
    }
)


def _doubles(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of what ``_DOUBLE.finditer(text)`` finds. On ASCII text (most of a
    call's English) the standard library's engine finds the same twice as fast: there
    ``\\p{L}`` is A-Z and a-z and both engines' word characters are alike. Its pattern starts with
    the non-word character before the word (a space is put before the text), not ``\\b``, so
    ``re`` jumps from one such character to the next; the word is possessive (a shorter part of
    it is followed by a letter, never by the space the pattern needs next)."""
    if not text.isascii():
        yield from ((m.start(), m.end(), m.group(1)) for m in _DOUBLE.finditer(text))
        return
    for m in _DOUBLE_ASCII.finditer(" " + text):
        yield m.start(1) - 1, m.end() - 1, m.group(1)


def check_repeated_word(ctx: Context) -> Iterator[Hit]:
    """A word written twice in a row ("the the"), outside noise loops and the doubles English allows ("had had")."""
    res = ctx.result
    for i, seg in enumerate(res.segments):
        if seg.kind in ("noise", "vendor") or seg.kind in SOURCE_KINDS:
            continue
        body = res.text[seg.start : seg.end]
        loops = None
        for start, end, word in _doubles(body):
            loops = ctx.noise_runs(4)[i] if loops is None else loops  # noise_runs' default min_repeats
            if any(a < end and start < b for a, b in loops):
                continue  # part of a loop: noise-loop reports it
            if word.lower() not in _DOUBLE_OK and not word.isdigit():
                yield Hit(seg.start + start, seg.start + end, f"repeated word {word!r}")


NO_MOJIBAKE = regex.compile(r"[\x00-\x7f\p{Han}\u3000-\u303f\uff00-\uffef‘’“”–—…]*+")
"""A line made only of these characters (ASCII, Han characters, CJK symbols and punctuation
U+3000-U+303F, halfwidth and fullwidth forms U+FF00-U+FFEF, and the typographic quotes,
dashes and ellipsis ‘ ’ “ ” – — …) is no mojibake to ftfy, so ``check_encoding`` does not
ask it (nor import it: 0.1 s of a cold command on a Chinese-English call).

Why: every alternative of ftfy's ``badness.BADNESS_RE`` needs a character of its mojibake
categories (C1 controls, accented Latin letters such as Â Ã â ô, currency and numeric signs,
box drawing, Greek and Cyrillic letters, ‚ ¡ « ©, ...) other than those seven typographic
marks; UTF-8 read as Latin-1 or cp1252 always gives such a character, a lead byte (Â..ô)
followed by a continuation (€ ™ ¢ ...), and no character above is one. A property test
(tests/test_checks.py) holds ftfy to this: ``is_bad`` is False on any text of them."""


def _ftfy() -> ModuleType:
    """ftfy, imported on first use: a transcript of ASCII, Chinese and typographic quotes
    (``NO_MOJIBAKE``) cannot hold mojibake, and the import costs a cold command 0.1 s."""
    import ftfy
    import ftfy.badness

    return ftfy


def check_encoding(ctx: Context) -> Iterator[Hit]:
    """Mojibake (UTF-8 read as Latin-1 or cp1252, "â€™" for "’") and replacement characters, found by ftfy."""
    text = ctx.result.text
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if "\ufffd" in body:
            k = body.index("\ufffd")
            yield Hit(pos + k, pos + k + 1, "replacement character U+FFFD: the text lost characters in decoding")
        elif body and not body.isascii() and not NO_MOJIBAKE.fullmatch(body) and _ftfy().badness.is_bad(body):
            fixed = _ftfy().fix_text(body)
            if fixed != body:
                k = next(i for i, (a, b) in enumerate(zip(body, fixed + "\0" * len(body), strict=False)) if a != b)
                yield Hit(
                    pos + k, pos + len(body), f"mojibake: {body[k : k + 20]!r} reads {fixed[k : k + 20]!r} once fixed"
                )
        pos += len(line)


_LABEL = regex.compile(r"^(?P<name>[\p{Lu}][\p{L}.'’\- ]{0,40}?)(?P<space>[ \t]*):[ \t]")


def check_speaker_format(ctx: Context) -> Iterator[Hit]:
    """Speaker labels written inconsistently: one speaker's label spelled two ways in one
    transcript (inline "Name: text" or a label line), or a space before an inline label's colon."""
    text = ctx.result.text
    norm = _norm
    speakers = {norm(seg.speaker) for seg in ctx.result.segments if seg.speaker}
    labels: list[tuple[int, str, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        m = _LABEL.match(line)
        body = line.strip().rstrip(":：").strip()
        if m:
            labels.append((pos, m["name"], m["space"]))
        elif body and len(body) <= 60 and norm(body) in speakers:  # a label line ("He Xiaopeng")
            labels.append((pos + line.index(body[0]), body, ""))
        pos += len(line)
    if len(labels) < 3:
        return
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for _, name, _ in labels:
        forms[norm(name)][name] += 1
    for at, name, space in labels:
        if space:
            yield Hit(at, at + len(name) + len(space) + 1, f"space before the colon of speaker label {name!r}")
        common = forms[norm(name)].most_common(1)[0][0]
        if name != common:
            yield Hit(at, at + len(name), f"speaker label {name!r} is written {common!r} elsewhere")


def check_glossary(ctx: Context) -> Iterator[Hit]:
    """A known wrong variant of a glossary term in the English (found by the glossary engine's
    edits; original remarks are left alone), and one entity rendered in several ways in one transcript."""
    res = ctx.result
    inside_source = _SpanCover((s.start, s.end) for s in res.segments if s.kind in SOURCE_KINDS)
    min_conf = ctx.config.threshold("glossary-min-confidence", 0.0)
    variants: dict[str, set[str]] = defaultdict(set)
    first: dict[str, Edit] = {}
    for e in res.edits:
        if e.entry:
            first.setdefault(e.entry, e)
        if not e.rule.startswith("glossary") or e.confidence < min_conf:
            continue
        if inside_source(e.start, e.end):
            continue  # garble inside an original remark is expected; the delivered English is what counts
        yield Hit(
            e.start, e.end, f"glossary: {e.before!r} should read {e.after!r}" + (f" ({e.reason})" if e.reason else "")
        )
        if e.entry:
            variants[e.entry].add(e.before)
    for entry, forms in variants.items():
        if len(forms) > 1:
            yield Hit(
                first[entry].start,
                first[entry].end,
                f"entity {entry!r} is rendered {len(forms)} ways: {', '.join(sorted(forms))}",
            )


class _SpanCover:
    """Whether ``[start, end)`` lies inside one of some spans, by bisection: ``check_glossary``
    asked every span for every edit (40,000 edits x 10,000 source segments)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach = list(itertools.accumulate((b for _, b in spans), max))
        """The furthest end of the spans that start at or before each one."""

    def __call__(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self.starts, start) - 1
        return k >= 0 and self.reach[k] >= end


def check_empty(ctx: Context) -> Iterator[Hit]:
    """A transcript with no text, or only white space: a delivery that lost its content.
    (The library and the command line take an empty transcript alike: this finding, not an
    input error.)"""
    if not ctx.result.text.strip():
        yield Hit(0, len(ctx.result.text), "the transcript holds no text")


CHECKS: tuple[Check, ...] = (
    Check("empty", "error", check_empty),
    Check("number-mismatch", "error", check_number_mismatch),
    Check("number-precision", "warning", check_number_precision),
    Check("number-currency", "error", check_number_currency),
    Check("number-consistency", "warning", check_number_consistency),
    Check("untranslated", "warning", check_untranslated),
    Check("noise-loop", "warning", check_noise_loop),
    Check("garbled-mt", "warning", check_garbled_mt),
    Check("glossary", "warning", check_glossary),
    Check("repeated-word", "info", check_repeated_word),
    Check("encoding", "error", check_encoding),
    Check("speaker-format", "info", check_speaker_format),
)
CODES: tuple[str, ...] = tuple(c.code for c in CHECKS)


def selected(config: CheckConfig) -> list[Check]:
    """The checks ``config`` turns on, in registry order."""
    chosen = [c for c in CHECKS if (c.code in config.enable if config.enable is not None else c.default)]
    return [c for c in chosen if c.code not in config.disable]


def run_checks(result: Result, config: CheckConfig = CheckConfig()) -> tuple[Finding, ...]:
    """Every finding of the checks ``config`` selects, sorted by place, with fingerprints."""
    ctx = Context(result, config)
    findings: list[Finding] = []
    seen: Counter[str] = Counter()
    for chk in selected(config):
        severity = config.severity.get(chk.code, chk.severity)
        for hit in sorted(set(chk.run(ctx)), key=lambda h: (h.start, h.end, h.message)):
            base = _fingerprint(result.text, chk.code, hit)
            seen[base] += 1
            fp = base if seen[base] == 1 else f"{base}-{seen[base]}"
            findings.append(Finding(chk.code, severity, hit.start, hit.end, hit.message, fp))
    return tuple(sorted(findings, key=lambda f: (f.start, f.end, f.code)))


def _fingerprint(text: str, code: str, hit: Hit) -> str:
    """Code + normalised text of the span and up to 40 characters either side on its line:
    offsets play no part, so lines added or changed elsewhere leave it as it was."""
    norm = _norm
    lo = max(0, hit.start - 40, text.rfind("\n", 0, hit.start) + 1)
    nl = text.find("\n", hit.end)
    hi = min(len(text), hit.end + 40, nl if nl >= 0 else len(text))
    parts = (code, norm(text[hit.start : hit.end]), norm(text[lo : hit.start]), norm(text[hit.end : hi]))
    # surrogatepass: a lone surrogate (a JSON transcript may carry one) still has a fingerprint
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _norm(s: str) -> str:
    """Lower case, runs of white space as one space: how two spellings of a label or a
    finding's context are compared."""
    return " ".join(s.lower().split())


def at_or_above(findings: Iterable[Finding], threshold: Severity) -> list[Finding]:
    """The findings whose severity is ``threshold`` or worse."""
    rank = {s: k for k, s in enumerate(SEVERITIES)}
    return [f for f in findings if rank[f.severity] <= rank[threshold]]


def describe() -> str:
    """The registry as text (``check --list``): code, default severity, what it finds."""
    width = max(len(c.code) for c in CHECKS)
    return "\n".join(f"{c.code:<{width}}  {c.severity:<7}  {c.doc}" for c in CHECKS) + "\n"
