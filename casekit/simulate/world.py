"""The state one chunk of the simulation builds up: parameters, random streams, latent arrays."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from casekit.scenarios import Scenario

# Each part of the bank draws from its own stream, so changing how one part is simulated
# never shifts the random numbers of another (and so never changes unrelated tables).
STREAMS = (
    "firms",
    "groups",
    "names",
    "needs",
    "holdings",
    "ratings",
    "rms",
    "pilot",
    "service",
    "satisfaction",
    "events",
    "panel",
    "contacts",
    "notes",
    "complaints",
    "surveys",
    "warnings",
    "competition",
    "credit",
    "watch",
    # Appended, never inserted: a stream's key is its position, so earlier streams keep theirs.
    "prospects",
    "prospect_contacts",
    "teams",
    "team_activities",
    "service_stuck",
)


@dataclass
class World:
    """One chunk (a branch) of clients, with everything the parts below need to share."""

    seed: int
    chunk: int
    n: int
    months: int
    start: np.datetime64  # first month of the book, datetime64[M]
    scenario: Scenario
    id_offset: int  # clients of this chunk are numbered id_offset+1 ...
    id_width: int
    n_rm_offset: int = 0
    # Latent and observable per-client arrays, filled in by the simulate modules.
    a: dict[str, np.ndarray] = field(default_factory=dict)
    tables: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    truth: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)

    def rng(self, stream: str) -> np.random.Generator:
        """The random stream for one part of the bank in this chunk."""
        key = (self.chunk, STREAMS.index(stream))
        return np.random.Generator(
            np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=key))
        )

    def book_rng(self, stream: str) -> np.random.Generator:
        """A random stream shared by every chunk of the book: for book-level truths."""
        key = (1_000_000, STREAMS.index(stream))
        return np.random.Generator(
            np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=key))
        )

    @property
    def pilot_effect(self) -> dict[str, float]:
        """The pilot's true effects for this book, drawn once per seed within the scenario's bands."""
        if "_pilot_effect" not in self.truth:
            rng = self.book_rng("pilot")
            self.truth["_pilot_effect"] = {
                k: round(float(rng.uniform(lo, hi)), 4)
                for k, (lo, hi) in sorted(self.scenario.pilot_effect.items())
            }
        return self.truth["_pilot_effect"]

    @property
    def client_ids(self) -> np.ndarray:
        """Client ids of this chunk, e.g. C00042."""
        if "client_id" not in self.a:
            nums = np.arange(self.id_offset + 1, self.id_offset + self.n + 1)
            self.a["client_id"] = np.char.add("C", np.char.zfill(nums.astype(str), self.id_width))
        return self.a["client_id"]

    @property
    def month_labels(self) -> np.ndarray:
        """'YYYY-MM' of every month of the book."""
        return (self.start + np.arange(self.months)).astype(str)

    @property
    def calendar_month(self) -> np.ndarray:
        """Calendar month (1..12) of every month of the book."""
        return (self.start + np.arange(self.months)).astype(int) % 12 + 1

    @property
    def pilot_start(self) -> int:
        """Month index at which the relationship pilot programme starts (the last year)."""
        return max(self.months - 12, self.months // 2)


@dataclass(frozen=True)
class Coded:
    """A text column held as integer codes into a few labels (months, ids, note templates).

    Turning millions of Python strings into Arrow is slow; codes and labels become an Arrow
    dictionary array in one step, which is why big tables use this.
    """

    codes: np.ndarray
    labels: np.ndarray

    def __len__(self) -> int:
        return len(self.codes)

    def decode(self) -> np.ndarray:
        """The column as an array of Python strings."""
        return self.labels[self.codes]


@dataclass(frozen=True)
class Joined:
    """A text column composed of parts (each a Coded column), joined row by row in Arrow.

    Call notes are built from fragments and facts: millions of distinct texts that would be
    slow to format one by one in Python, but fast to concatenate as Arrow string columns.
    """

    parts: tuple[Coded, ...]

    def __len__(self) -> int:
        return len(self.parts[0])

    def take(self, idx: np.ndarray) -> Joined:
        """The rows at positions idx."""
        return Joined(tuple(Coded(p.codes[idx], p.labels) for p in self.parts))

    def arrow(self):  # -> pyarrow.StringArray (pyarrow is imported only where tables are built)
        """The column as one Arrow string array."""
        import pyarrow as pa
        import pyarrow.compute as pc

        # Parts share label arrays (every fact slot of a language has the same words): each
        # is turned into Arrow once, all into one array of words. Each row is then the list of
        # its parts' words, taken in one step (which already lays the texts end to end): far
        # faster than joining the parts element-wise, one column per part.
        start: dict[int, int] = {}
        words = []
        for p in self.parts:
            if id(p.labels) not in start:
                start[id(p.labels)] = sum(map(len, words))
                words.append(p.labels)
        vocab = pa.array(np.concatenate(words).astype(object), type=pa.string())
        k, width = len(self), len(self.parts)
        index = np.empty((k, width), np.int64 if len(vocab) >= 2**31 else np.int32)
        for j, p in enumerate(self.parts):
            np.add(p.codes, start[id(p.labels)], out=index[:, j], casting="unsafe")
        pieces = vocab.take(pa.array(index.reshape(-1)))
        if k and pieces.type == pa.string() and pieces.offset == 0:
            # The words taken in row order already lie end to end as the rows' texts: every
            # width-th word offset is a row's offset, so no join kernel need copy them again.
            _, word_offsets, data = pieces.buffers()
            row_offsets = np.frombuffer(word_offsets, np.int32, k * width + 1)[::width].copy()
            return pa.Array.from_buffers(pa.string(), k, [None, pa.py_buffer(row_offsets), data])
        kind = pa.int32() if k * width < 2**31 else pa.int64()
        offsets = pa.array(np.arange(0, k * width + 1, width), type=kind)
        lists = (pa.ListArray if kind == pa.int32() else pa.LargeListArray).from_arrays(
            offsets, pieces
        )
        return pc.binary_join(lists, "")

    def decode(self) -> np.ndarray:
        """The column as an array of Python strings."""
        return np.asarray(self.arrow().to_numpy(zero_copy_only=False), dtype=object)


@dataclass(frozen=True)
class Serial:
    """Ids such as I000000042: a prefix and zero-padded numbers, formatted in Arrow, not Python."""

    prefix: str
    numbers: np.ndarray
    width: int

    def __len__(self) -> int:
        return len(self.numbers)

    def take(self, idx: np.ndarray) -> Serial:
        """The ids at positions idx."""
        return Serial(self.prefix, self.numbers[idx], self.width)

    def decode(self) -> np.ndarray:
        """The ids as an array of Python strings."""
        return np.char.add(self.prefix, np.char.zfill(self.numbers.astype(str), self.width)).astype(
            object
        )


def serial(prefix: str, chunk: int, count: int, width: int) -> Serial:
    """Ids unique across chunks: the chunk number, then a running number within it."""
    return Serial(f"{prefix}{chunk:02d}", np.arange(1, count + 1), width)


def lookup(get: Callable[[Any], Any], keys: np.ndarray, dtype: Any = None) -> np.ndarray:
    """``np.array([get(k) for k in keys], dtype)``, calling ``get`` once per distinct key."""
    distinct, of = unique_inverse(np.asarray(keys))
    return np.array([get(k) for k in distinct.tolist()], dtype=dtype)[of]


def unique_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)`` for 1-D whole numbers or a few labels, faster.

    Whole numbers in a narrow range are counted rather than sorted; labels (strings, which
    numpy sorts slowly, objects most of all) are sorted once per distinct label.
    """
    values = np.asarray(values)
    if values.ndim != 1 or not len(values):
        return np.unique(values, return_inverse=True)
    if values.dtype.kind in "iu":
        lo, hi = int(values.min()), int(values.max())
        if hi - lo < 4 * len(values) + 4096:
            present = np.bincount(values - lo) > 0
            lookup = np.cumsum(present) - 1
            return (np.flatnonzero(present) + lo).astype(values.dtype), lookup[values - lo]
        return np.unique(values, return_inverse=True)
    if values.dtype.kind not in "UO":
        return np.unique(values, return_inverse=True)
    items = values.tolist()
    if not all(type(x) is str for x in set(items)):
        return np.unique(values, return_inverse=True)
    labels = sorted(set(items))
    if len(labels) > 4096:
        return np.unique(values, return_inverse=True)
    index = {x: i for i, x in enumerate(labels)}
    inverse = np.fromiter(map(index.__getitem__, items), np.intp, len(items))
    return np.array(labels, dtype=values.dtype), inverse


def cumsum_rows(x: np.ndarray) -> np.ndarray:
    """``np.cumsum(x, axis=1)`` for a 2-D array, the very same sums, about three times faster.

    The running sum is added month column by month column (numpy accumulates along the last
    axis one row at a time, which is slow for many short rows); each row's additions happen
    in the same order, so every bit is the same.
    """
    x = np.asarray(x)
    if x.ndim != 2 or x.shape[1] < 2 or x.dtype.kind not in "biuf":
        return np.cumsum(x, axis=1)
    kind = np.cumsum(x[:1, :1], axis=1).dtype  # what numpy would sum in (bools become ints)
    c = x.astype(kind, copy=True)
    for j in range(1, c.shape[1]):
        np.add(c[:, j - 1], c[:, j], out=c[:, j])
    return c


def month_str(start: np.datetime64, idx: np.ndarray) -> np.ndarray:
    """'YYYY-MM' labels for month indices relative to start (may be negative)."""
    # Few distinct months, many rows: format each distinct month once.
    uniq, inverse = unique_inverse(np.asarray(idx, dtype=np.int64).reshape(-1))
    labels = (start + uniq.astype("timedelta64[M]")).astype(str).astype(object)
    return labels[inverse.reshape(np.shape(idx))]


def month_coded(start: np.datetime64, idx: np.ndarray) -> Coded:
    """``month_str`` as codes into the distinct months: cheap to turn into Arrow."""
    uniq, inverse = unique_inverse(np.asarray(idx, dtype=np.int64).reshape(-1))
    labels = (start + uniq.astype("timedelta64[M]")).astype(str)
    return Coded(inverse.reshape(-1), labels)


def lognormal(
    rng: np.random.Generator, median: float | np.ndarray, sigma: float, size
) -> np.ndarray:
    """Log-normal draws with a given median (not mean), which is how bankers quote sizes."""
    return np.asarray(median) * np.exp(sigma * rng.standard_normal(size))


def systematic(rng: np.random.Generator, pi: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Select each row i with probability pi[i], spread evenly along ``order`` (systematic sampling).

    Every row keeps its own probability exactly, but the number (and, when ``order`` sorts by
    size, the amount) selected stays close to its expectation: a small book then shows the
    loss and attrition rates of its risk, not the luck of one draw.
    """
    pi = np.clip(np.asarray(pi, dtype=float), 0.0, 1.0)
    cum = np.concatenate([[0.0], np.cumsum(pi[order])])
    u = rng.random()
    hits = np.floor(cum[1:] - u) > np.floor(cum[:-1] - u)
    chosen = np.zeros(len(pi), bool)
    chosen[order[hits]] = True
    return chosen


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function."""
    return 1.0 / (1.0 + np.exp(-x))


def soft_cap(x: np.ndarray, share: float, rounds: int = 8) -> np.ndarray:
    """Shrink the largest values so none exceeds about ``share`` of the total, smoothly.

    A branch's book never rests on one name (regulators cap a single borrower at 10% of net
    capital); values far below the cap are untouched, the largest approach it without ties.
    """
    x = np.asarray(x, dtype=float)
    out = x.copy()
    for _ in range(rounds):
        cap = share * out.sum()
        if cap <= 0 or out.max() <= 0.5 * cap:
            break
        # Identity below half the cap, then a tanh knee that never exceeds the cap.
        knee = 0.5 * cap
        over = x > knee
        out = np.where(over, knee + (cap - knee) * np.tanh((x - knee) / (cap - knee)), x)
    return out


def balanced_systematic(
    rng: np.random.Generator,
    pi: np.ndarray,
    order: np.ndarray,
    totals: Callable[[np.ndarray], np.ndarray],
    tries: int = 12,
) -> np.ndarray:
    """Systematic selection whose totals (overall and per group) are nearest their expectation.

    Of several random starts of the systematic sampler, the one whose totals are closest to
    their mean over all starts is kept: balanced sampling in the spirit of Deville and Tillé's
    cube method. A small book then shows the NPL ratio of its risk, not whether its one big
    borrower happened to be drawn early. ``totals`` gets every start's selection at once (a
    tries × units boolean matrix) and returns one row of totals per start.
    """
    pi = np.clip(np.asarray(pi, dtype=float), 0.0, 1.0)
    cum = np.concatenate([[0.0], np.cumsum(pi[order])])
    starts = rng.random(tries)
    candidates = np.zeros((tries, len(pi)), bool)
    for j, u in enumerate(starts):
        hits = np.floor(cum[1:] - u) > np.floor(cum[:-1] - u)
        candidates[j, order[hits]] = True
    sums_a = np.asarray(totals(candidates), dtype=float)
    expected = sums_a.mean(axis=0)
    scale = np.maximum(np.abs(expected), 1e-9)
    gap = (np.abs(sums_a - expected) / scale).sum(axis=1)
    return candidates[int(np.argmin(gap))]


def lexorder(*keys: np.ndarray) -> np.ndarray:
    """``np.lexsort(keys)`` (the last key sorts first), faster for whole-number and date keys.

    The keys are folded into one integer and sorted stably, which gives the very same order:
    and rows that come out of ``np.nonzero`` are nearly sorted already, which a stable sort
    exploits and lexsort does not.
    """
    folded = np.zeros(len(keys[0]), np.int64)
    span = 1
    for key in reversed(keys):
        k = np.asarray(key)
        if k.dtype.kind == "M":
            k = k.view(np.int64)
        if k.dtype.kind not in "iub" or not len(k):
            return np.lexsort(keys)
        lo, hi = int(k.min()), int(k.max())
        width = hi - lo + 1
        span *= width
        if span >= 2**62:
            return np.lexsort(keys)
        folded *= width
        folded += k.astype(np.int64) - lo
    return np.argsort(folded, kind="stable")
