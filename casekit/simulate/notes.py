"""Call-report notes composed from each client's own facts, needs, people and calendar.

A note is a row of grammar positions (opener, speaker and verb, what was said, what was asked,
closing action), each a fragment of casekit.simulate.notes_catalog chosen among those the
client's data allows, with its slots filled from the client's facts: headcount, subsidiaries,
seasonal peak, a dated plan, the loan it holds, the person it talks to. Texts are joined in
Arrow (casekit.simulate.world.Joined), so a million clients' notes cost no Python loop.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from casekit import catalog as cat
from casekit.simulate import markets
from casekit.simulate import notes_catalog as nc
from casekit.simulate.world import Coded, Joined, World

EXPLICIT, HINTED, FALSE_LEAD, DISTRESS, ROUTINE = range(5)
_NEEDS = cat.NEED_CODES
_CREDIT = tuple(p.code for p in cat.PRODUCTS if p.family == "credit")
_ZH_DIGITS = "零一二三四五六七八九十"
_MONTHS_EN = (
    "January February March April May June July August September October November December"
).split()
_CURRENCIES = (("美元", "US dollars"), ("欧元", "euros"), ("日元", "yen"))
# Loans a note may name (interest-bearing, with a maturity); other borrowers' is "the loan".
_LOANS = ("working_capital_loan", "fixed_asset_loan", "trade_finance", "ma_loan")
_PRODUCT = {p.code: p for p in cat.PRODUCTS}
_LOAN_LABELS = (*tuple((_PRODUCT[p].zh, _PRODUCT[p].en.lower()) for p in _LOANS), ("贷款", "loan"))
_STAKES = (20, 30, 35, 51, 60)
_N_SUR = len(nc.SURNAMES)
# Every slot a fragment may hold, in the order of casekit.simulate.notes._facts.
_SLOTS = (
    "who",
    "whom",
    "said",
    "peak",
    "prep",
    "due",
    "staff",
    "hire",
    "subs",
    "rdays",
    "buyer",
    "fxpct",
    "ccy",
    "rev",
    "loan",
    "stake",
    "lines",
)


class _Position:
    """One grammar position: fragments split into literal pieces and slot names, per language."""

    def __init__(self, frags: list[tuple[str, str, str]]) -> None:
        self.tags = [tuple(f[2].split()) for f in frags]
        parsed = [[_split(f[i]) for f in frags] for i in (0, 1)]
        self.width = max(len(slots) for lang in parsed for _, slots in lang)
        self.lits, self.lit_labels, self.slots = [], [], []
        for lang in parsed:
            labels = sorted({x for lits, _ in lang for x in lits} | {""})
            where = {x: i for i, x in enumerate(labels)}
            codes = np.zeros((len(frags), self.width + 1), np.int64)
            names = np.full((len(frags), self.width), len(_SLOTS), np.int64)  # no slot
            for i, (lits, slots) in enumerate(lang):
                codes[i, : len(lits)] = [where[x] for x in lits]
                codes[i, len(lits) :] = where[""]
                names[i, : len(slots)] = [_SLOTS.index(x) for x in slots]
            self.lits.append(codes)
            self.lit_labels.append(np.array(labels, dtype=object))
            self.slots.append(names)


def _split(text: str) -> tuple[list[str], list[str]]:
    """A format string as its literal pieces (one more than its slots) and its slot names."""
    lits, slots = [], []
    for lit, field, _, _ in string.Formatter().parse(text):
        lits.append(lit)
        if field is not None:
            slots.append(field)
    if len(lits) == len(slots):
        lits.append("")
    return lits, slots


def _groups(
    tables: list[tuple[object, tuple[tuple[str, str, str], ...]]],
) -> tuple[_Position, dict[object, np.ndarray]]:
    """One position over several named lists of fragments, with each list's indices."""
    frags, index = [], {}
    for key, items in tables:
        index[key] = np.arange(len(frags), len(frags) + len(items))
        frags.extend(items)
    return _Position(frags), index


_BODY, _BODY_OF = _groups(
    # Stated needs: the speaker and verb, then the situation (the ask follows, after a comma).
    [
        (
            (EXPLICIT, j),
            tuple(("{who}{said}" + z, "{who} {said} " + e, t) for z, e, t in nc.SITUATION[k]),
        )
        for j, k in enumerate(_NEEDS)
    ]
    + [((HINTED, j), nc.HINT[k]) for j, k in enumerate(_NEEDS)]
    + [((FALSE_LEAD, j), nc.FALSE_LEAD[k]) for j, k in enumerate(_NEEDS)]
    + [((DISTRESS, -1), nc.DISTRESS), ((ROUTINE, -1), nc.ROUTINE)]
)
_ASK, _ASK_OF = _groups(
    [("none", (("", "", ""),))]
    + [(j, tuple(("，" + z, "; " + e, t) for z, e, t in nc.ASK[k])) for j, k in enumerate(_NEEDS)]
)
_OPENER, _OPENER_OF = _groups([(i, nc.OPENERS[ch]) for i, ch in enumerate(cat.CHANNEL_CODES)])
_CLOSER, _CLOSER_OF = _groups(
    [(kind, tuple((zh, en, "") for zh, en in nc.CLOSER[kind])) for kind in nc.CLOSER]
)
_CLOSER_KIND = ("need", "hint", "false", "distress", "routine")
_ROLE_TAGS = [tuple(r[3].split()) for r in nc.ROLES]


class _Context:
    """What the data says about the client of each note, as the tags of the catalogue."""

    def __init__(self, w: World, c: np.ndarray, date: np.ndarray, channel: np.ndarray, need):
        self.w, self.c, self.date, self.channel, self.need = w, c, date, channel, need
        self.cal = date.astype("datetime64[M]").astype(int) % 12 + 1
        self._cache: dict[str, np.ndarray] = {}

    def tag(self, t: str) -> np.ndarray:
        """True for the notes where tag ``t`` holds."""
        if t not in self._cache:
            self._cache[t] = self._compute(t)
        return self._cache[t]

    def _compute(self, t: str) -> np.ndarray:
        a, c = self.w.a, self.c
        if t.startswith("m:"):
            months = np.zeros(13, bool)  # calendar months 1-12 looked up, not searched
            months[[int(x) for x in t[2:].split("-")]] = True
            return months[self.cal]
        if t.startswith("fest:"):
            ahead = markets.festival_days_ahead(self.date, t[5:])
            return (ahead >= 1) & (ahead <= 21)
        note_level = {
            "visit": lambda: self.channel == 0,
            "meet": lambda: np.isin(self.channel, (0, 2)),
            "qstart": lambda: np.isin(self.cal, (1, 4, 7, 10)),
            "served": self._served,
            "bare": lambda: np.ones(len(c), bool),
            "borrower": self._borrows,
        }
        # What holds of the client is worked out once per client, then read for its notes.
        fx = a["fx_share"] > 0
        client_level = {
            "group": lambda: a["is_parent"] & (a["group_size"] >= 2),
            "nogroup": lambda: a["group_id"] == "",
            "sub": lambda: a["parent_id"] != "",
            "exporter": lambda: fx & a["exporter"],
            "importer": lambda: fx & ~a["exporter"],
            "nofx": lambda: ~fx,
            "big": lambda: np.isin(a["size"], ("large", "medium")),
            "staff20": lambda: a["staff"] >= 20,
            "staff50": lambda: a["staff"] >= 50,
            "bigbuyer": lambda: a["top_buyer_share"] >= 0.25,
            "season": lambda: a["season_amp"] > 0.3,
            "flat": lambda: a["season_amp"] <= 0.15,
            "cashrich": lambda: a["cash_rich"],
            "soe": lambda: a["ownership"] == "soe",
            "mfg": lambda: a["section"] == "C",
            "vip": lambda: a["tier"] != "general",
        }
        negated = {
            "nonborrower": "borrower",
            "unserved": "served",
            "smallfirm": "big",
            "fewstaff": "staff50",
            "private": "soe",
        }
        if t in negated:
            return ~self.tag(negated[t])
        if t in note_level:
            return np.asarray(note_level[t](), dtype=bool)
        return np.asarray(client_level[t](), dtype=bool)[c]

    def _borrows(self) -> np.ndarray:
        """Whether the client borrows from us on the note's date: its credit line, or a credit
        product a team opened before (a note must not ask for a first loan after that)."""
        a, c = self.w.a, self.c
        month = (self.date.astype("datetime64[M]") - self.w.start).astype(np.int64)
        out = a["borrower"][c].copy()
        for p in _CREDIT:
            out |= a["hold"][p][c] & (a["holding_start"][p][c] <= month)
        return out

    def _served(self) -> np.ndarray:
        served = np.column_stack([self.w.a["served"][k] for k in _NEEDS])
        return served[self.c, np.maximum(self.need, 0)] & (self.need >= 0)


def _choose(
    rng: np.random.Generator, ctx: _Context, rows: np.ndarray, cands: np.ndarray, pos: _Position
) -> np.ndarray:
    """For each row, one of the candidate fragments whose tags hold, uniformly; -1 if none."""
    # One line per candidate (column-major): each tag is and-ed into a contiguous line.
    ok = np.ones((len(cands), len(rows)), bool)
    seen: dict[str, np.ndarray] = {}
    for j, f in enumerate(cands):
        for t in pos.tags[f]:
            if t not in seen:
                seen[t] = ctx.tag(t)[rows]
            ok[j] &= seen[t]
    best = pick_lines(rng, ok)
    return np.where(best >= 0, cands[np.maximum(best, 0)], -1)


def pick(rng: np.random.Generator, ok: np.ndarray) -> np.ndarray:
    """For each row of ``ok``, the column of one of its True cells, uniformly; -1 if none.

    One uniform draw a row (not one a cell): the r-th eligible column, r = floor(u × count).
    """
    return pick_lines(rng, np.ascontiguousarray(np.asarray(ok, dtype=bool).T))


def pick_lines(rng: np.random.Generator, ok: np.ndarray) -> np.ndarray:
    """`pick` on the transposed matrix: ``ok[j, i]`` says whether row i may take column j.

    Column-major, every step runs over contiguous lines. The r-th eligible column is the
    number of columns whose running count is still at most r (the count never falls).
    """
    k = ok.shape[1]
    if not len(ok):
        rng.random(k)  # the same draw as with candidates, so later draws do not shift
        return np.full(k, -1, np.int64)
    if k < 1024:  # few rows: numpy's own cumsum and sum cost less than a loop of calls
        running = ok.cumsum(axis=0, dtype=np.uint8)  # a few dozen columns at most
        r = np.floor(rng.random(k) * running[-1]).astype(np.uint8)
        col = (running <= r).sum(axis=0, dtype=np.int64)
        return np.where(running[-1] > 0, col, -1)
    # Line by line: numpy's cumsum and sum along the first axis are far slower than adding
    # whole lines (a few dozen columns at most, so the counts fit a byte).
    running = np.empty(ok.shape, np.uint8)
    running[0] = ok[0]
    for j in range(1, len(ok)):
        np.add(running[j - 1], ok[j], out=running[j])
    count = running[-1]
    r = np.floor(rng.random(k) * count).astype(np.uint8)
    col = np.zeros(k, np.uint8)
    for line in running:
        np.add(col, line <= r, out=col)
    return np.where(count > 0, col.astype(np.int64), -1)


def compose(
    w: World,
    rng: np.random.Generator,
    c: np.ndarray,
    date: np.ndarray,
    channel: np.ndarray,
    kind: np.ndarray,
    need: np.ndarray,
) -> tuple[Joined, Joined]:
    """The Chinese and English note of each contact (client c, on date, by channel)."""
    k = len(c)
    kind, need = kind.copy(), np.where(kind < DISTRESS, need, -1)
    ctx = _Context(w, c, date, channel, need)
    body = np.full(k, -1)
    ask = np.zeros(k, np.int64)
    groups = _rows_by(kind * 16 + need + 1)
    for key, cands in _BODY_OF.items():
        rows = groups.get(key[0] * 16 + key[1] + 1)
        if key[0] != ROUTINE and rows is not None:
            body[rows] = _choose(rng, ctx, rows, cands, _BODY)
            if key[0] == EXPLICIT:
                ask[rows] = _choose(rng, ctx, rows, _ASK_OF[key[1]], _ASK)
    # A note the client's data allows no words for becomes a routine one.
    kind[(body < 0) | ((kind == EXPLICIT) & (ask < 0))] = ROUTINE
    need[kind == ROUTINE] = -1
    ctx.need = need
    ctx._cache.pop("served", None)
    ctx._cache.pop("unserved", None)
    rows = np.flatnonzero(kind == ROUTINE)
    body[rows] = _choose(rng, ctx, rows, _BODY_OF[(ROUTINE, -1)], _BODY)
    ask = np.where(kind == EXPLICIT, ask, 0)

    opener = np.zeros(k, np.int64)
    bare = np.array(["bare" in t for t in _BODY.tags])[body]
    by_channel = _rows_by(channel * 2 + bare)
    for ch, cands in _OPENER_OF.items():
        rows = by_channel.get(ch * 2, np.zeros(0, np.int64))
        opener[rows] = _choose(rng, ctx, rows, cands, _OPENER)
        opener[by_channel.get(ch * 2 + 1, np.zeros(0, np.int64))] = cands[0]  # empty opener
    closer = np.zeros(k, np.int64)
    by_kind = _rows_by(kind)
    for kd, name in enumerate(_CLOSER_KIND):
        rows = by_kind.get(kd, np.zeros(0, np.int64))
        closer[rows] = _choose(rng, ctx, rows, _CLOSER_OF[name], _CLOSER)

    facts = _facts(w, rng, ctx, kind, need)
    positions = ((_OPENER, opener), (_BODY, body), (_ASK, ask), (_CLOSER, closer))
    # Each slot's distinct values once; their words in each language; one code matrix.
    uniq, codes = zip(*(_distinct(facts[name]) for name in _SLOTS), strict=True)
    matrix = np.vstack([*codes, np.zeros(k, np.int64)])
    rows = np.arange(k)
    out = []
    for lang in (0, 1):
        words = [
            [_say(name, int(v), lang) for v in u] for name, u in zip(_SLOTS, uniq, strict=True)
        ]
        sizes = [len(x) for x in words]
        offset = np.concatenate([[0], np.cumsum(sizes)])  # the last offset is the empty text
        labels = np.array([w for x in words for w in x] + [""], dtype=object)
        parts: list[Coded] = []
        run: list[Coded] = []  # adjacent literal pieces, joined into one part before Arrow
        for pos, idx in positions:
            for j in range(pos.width + 1):
                run.append(Coded(pos.lits[lang][idx, j], pos.lit_labels[lang]))
                if j == pos.width:
                    break
                parts.append(_merge(run))
                run = []
                slot = pos.slots[lang][idx, j]
                parts.append(Coded(offset[slot] + matrix[slot, rows], labels))
        parts.append(_merge(run))
        out.append(Joined(tuple(p for p in parts if len(p.labels) > 1 or p.labels[0])))
    return out[0], out[1]


def _rows_by(key: np.ndarray) -> dict[int, np.ndarray]:
    """The rows of each value of a small non-negative integer key, in row order."""
    key = np.asarray(key, dtype=np.int64)
    if not len(key):
        return {}
    # A stable sort of small whole numbers is a radix sort when they fit 16 bits.
    narrow = 0 <= key.min() and key.max() < 2**16
    order = np.argsort(key.astype(np.uint16) if narrow else key, kind="stable")
    ordered = key[order]
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    values = ordered[starts]
    bounds = [*starts[1:], len(key)]
    return {int(v): order[a:b] for v, a, b in zip(values, starts, bounds, strict=True)}


def _merge(run: list[Coded]) -> Coded:
    """Adjacent literal pieces as one part: the distinct combinations that occur, joined once."""
    run = [p for p in run if len(p.labels) > 1 or p.labels[0]]
    if not run:
        return Coded(np.zeros(0, np.int64), np.array([""], dtype=object))
    # Piece by piece, the combinations so far are renumbered among those that occur: the
    # numbers stay small (counted, not sorted), and their order is that of the pieces' codes
    # read left to right, as one number in mixed radix would give.
    uniq, inv = _distinct(run[0].codes)
    labels = run[0].labels[uniq]
    for p in run[1:]:
        r = len(p.labels)
        uniq, inv = _distinct(inv * r + p.codes)
        labels = labels[uniq // r] + p.labels[uniq % r]
    return Coded(inv, labels.astype(object))


@dataclass(frozen=True)
class _OfClient:
    """A fact each note takes from its client: one value a client, and each note's client."""

    values: np.ndarray
    client: np.ndarray


def _distinct(values: np.ndarray | _OfClient) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values and each value's index among them (a lookup table when they are small).

    A client's fact is made distinct over the clients (a few thousand), not over the notes:
    the distinct values may then include some no note mentions, which only adds unused words.
    """
    if isinstance(values, _OfClient):
        uniq, inv = _distinct(values.values)
        return uniq, inv[values.client]
    values = np.asarray(values, dtype=np.int64)
    # Counting beats sorting only while the range is well below the number of values.
    if len(values) and 0 <= values.min() and values.max() < len(values) // 2 + 4096:
        present = np.bincount(values) > 0
        uniq = np.flatnonzero(present)
        lookup = np.cumsum(present) - 1
        return uniq, lookup[values]
    uniq, inv = np.unique(values, return_inverse=True)
    return uniq, inv.reshape(-1)


def _round2(x: np.ndarray) -> np.ndarray:
    """Whole numbers to two significant digits, as people say them (269 -> 270, 1534 -> 1500)."""
    x = np.maximum(np.asarray(x, dtype=float), 1.0)
    step = 10.0 ** np.maximum(np.floor(np.log10(x)) - 1, 0)
    return (np.round(x / step) * step).astype(np.int64)


def _percent(share: np.ndarray) -> np.ndarray:
    """A share as people say it: to the point below 10 %, to the nearest 5 % above."""
    pct = np.asarray(share, dtype=float) * 100
    return np.where(pct < 10, np.maximum(np.round(pct), 1), np.round(pct / 5) * 5).astype(np.int64)


def _facts(
    w: World, rng: np.random.Generator, ctx: _Context, kind: np.ndarray, need: np.ndarray
) -> dict[str, np.ndarray]:
    """Each slot's value for each note (an integer the formatters below turn into words)."""
    a, c, n = w.a, ctx.c, w.n
    k = len(c)
    # The client's people and its own standing facts, drawn once per client.
    people = rng.integers(0, _N_SUR, n)
    hire = _round2(np.maximum(5, a["staff"] * rng.uniform(0.1, 0.3, n)))
    ccy = rng.choice(3, n, p=[0.75, 0.17, 0.08])
    stake = rng.choice(_STAKES, n)
    lines = rng.integers(2, 4, n)
    loan = np.full(n, len(_LOANS))
    for i in range(len(_LOANS) - 1, -1, -1):
        loan = np.where(a["hold"][_LOANS[i]], i, loan)

    topic = np.where(need >= 0, need, np.where(kind == DISTRESS, len(_NEEDS), len(_NEEDS) + 1))
    topics = [*list(_NEEDS), "distress", "routine"]
    allowed = np.zeros((len(topics), len(nc.ROLES)), bool)
    for i, t in enumerate(topics):
        allowed[i, list(nc.TOPIC_ROLES[t])] = True
    ok = allowed.T[:, topic]  # one line per role, one cell per note
    for r, tags in enumerate(_ROLE_TAGS):
        for t in tags:
            ok[r] &= ctx.tag(t)
    picked = pick_lines(rng, ok)
    role = np.where(picked >= 0, picked, np.where(ctx.tag("soe"), nc.GM, nc.OWNER))
    who = role * _N_SUR + (people[c] + 7 * role) % _N_SUR

    due = np.zeros(k, np.int64)
    end = int(w.start.astype(int)) + w.months - 1
    for j, code in enumerate(_NEEDS):
        m = need == j
        due[m] = end + a["need_due"][code][c[m]]
    peak = a["season_peak"][c]
    return {
        "who": who,
        "whom": who,
        "said": rng.integers(0, len(nc.SAID), k),
        "peak": peak,
        "prep": (peak - 3) % 12 + 1,
        "due": due,
        # The client's own standing facts: one value a client, each note takes its client's.
        "staff": _OfClient(_round2(a["staff"]), c),
        "hire": _OfClient(hire, c),
        "subs": _OfClient(np.maximum(a["group_size"] - 1, 0), c),  # members, less the parent
        "rdays": _OfClient(
            np.maximum(5, np.round(a["receivable_days"] / 5) * 5).astype(np.int64), c
        ),
        "buyer": _OfClient(_percent(a["top_buyer_share"]), c),
        "fxpct": _OfClient(_percent(a["fx_share"]), c),
        "ccy": _OfClient(ccy, c),
        "rev": _OfClient(_round2(a["revenue"]), c),
        "loan": _OfClient(loan, c),
        "stake": _OfClient(stake, c),
        "lines": _OfClient(lines, c),
    }


@lru_cache(maxsize=1 << 16)  # the same few thousand facts recur in every chunk
def _say(slot: str, v: int, lang: int) -> str:
    """One fact in words: a headcount, a month, a date, an amount, a person."""
    zh = lang == 0
    if slot in ("who", "whom"):
        role, sur = nc.ROLES[v // _N_SUR], nc.SURNAMES[v % _N_SUR]
        return role[0].format(s=sur[0]) if zh else role[1 if slot == "who" else 2].format(S=sur[1])
    if slot == "said":
        return nc.SAID[v][1 - zh]
    if slot in ("peak", "prep"):
        return f"{v}月" if zh else _MONTHS_EN[v - 1]
    if slot == "due":
        year, month = v // 12 + 1970, v % 12 + 1
        return f"{year}年{month}月" if zh else f"{_MONTHS_EN[month - 1]} {year}"
    if slot in ("staff", "hire"):
        return str(v) if zh else f"{v:,}"
    if slot == "subs":
        if zh:
            return _ZH_DIGITS[v] if v <= 10 else str(v)
        words = "no one two three four five six seven eight nine ten".split()
        return words[v] if v <= 10 else str(v)
    if slot in ("buyer", "fxpct", "stake"):
        return f"{v}%"
    if slot == "ccy":
        return _CURRENCIES[v][1 - zh]
    if slot == "rev":
        if zh:
            return f"{v / 10000:g}亿元" if v >= 10000 else f"{v}万元"
        return f"RMB {v / 100000:g}bn" if v >= 100000 else f"RMB {v / 100:g}m"
    if slot == "loan":
        return _LOAN_LABELS[v][1 - zh]
    return str(v)  # rdays, lines
