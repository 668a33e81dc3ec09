"""What each kind of answer earns: per exercise, the credit a random answer, each declared wrong
method and the right answer get, as a share of the exercise's auto-checked points.

Run with `python benchmarks/bench_exercise_scores.py` (a few minutes: it runs each solution notebook on each bank); `--quick` uses one bank.
Prints Markdown tables (mean over scenarios × seeds, min–max in brackets); nothing is asserted
(the property tests in tests/test_exercise_checks.py hold the thresholds).
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections import defaultdict

import numpy as np
import pandas as pd

from casekit.exercises import EXERCISES, start
from casekit.exercises.inprocess import execute
from casekit.questions import DecisionQuestion

BANKS = [
    ("national_branch", 42),
    ("national_branch", 7),
    ("city_commercial", 42),
    ("city_commercial", 7),
    ("rural", 42),
    ("rural", 7),
]


WHY = "The evidence of this bank points this way, and I would act on it with the client this week."


def right_answer(q, ex, solved: dict):
    """The worked solution's answer (what the solution notebook hands in on this bank)."""
    if isinstance(q, DecisionQuestion):
        return {"decision": q.expected(ex), "why": WHY}
    return solved[q.qid].answer


def random_answer(q, ex, rng: np.random.Generator, solved: dict):
    """An answer of the right form and size, with values drawn at random."""
    right = right_answer(q, ex, solved)
    if q.kind == "number":
        return float(right) * rng.uniform(0, 2) if right else rng.uniform(0, 1)
    if isinstance(q, DecisionQuestion):
        return {"decision": str(rng.choice(q.options)), "why": WHY}
    if q.kind == "choice":
        return str(rng.choice(q.options))
    if q.kind == "ranking":
        ids = ex.book.clients["client_id"].to_numpy()
        return list(rng.choice(ids, max(1, len(right)), replace=False))
    from casekit.plain import to_plain

    ranges = {c: (lo, hi) for c, lo, hi in getattr(q, "ranges", ())}
    if ranges:  # a rule: random numbers in the allowed ranges
        return {c: round(float(rng.uniform(*ranges[c]))) for c in q.columns}

    if not hasattr(q, "frame"):  # a sandbox run: its random plans are in sandbox_table.py
        return None
    frame = q.frame(to_plain(right))
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        return right
    out = {}
    valid = q.valid(ex) if q.valid else {}
    for c in q.columns:
        if c in valid:
            out[c] = rng.choice(sorted(valid[c]), len(frame))
        elif q.kind == "table" and c not in getattr(q, "keys", ()):
            out[c] = frame[c].astype(float).to_numpy() * rng.uniform(0, 2, len(frame))
        else:
            out[c] = frame[c].to_numpy()
    return pd.DataFrame(out)


def credit(q, answer) -> float:
    """The share of the question's points an answer earns."""
    return q.verdict(answer).points / q.points


def measure(number: str, banks: list[tuple[str, int]]) -> dict[str, list[float]]:
    """Per method ('right', 'random', 'qN:mistake'), the exercise share it earns on each bank."""
    out: dict[str, list[float]] = defaultdict(list)
    for scenario, seed in banks:
        with contextlib.redirect_stdout(io.StringIO()):
            ex = start(number, seed=seed, scenario=scenario)
            solved = execute(number, "en", {"scenario": scenario, "seed": seed})["ex"].log
        rng = np.random.default_rng(seed)
        qs = [q for q in ex.questions.values() if q.kind != "reflection"]
        total = sum(q.points for q in qs)
        right = {q.qid: right_answer(q, ex, solved) for q in qs}
        randoms = {q.qid: random_answer(q, ex, rng, solved) for q in qs}
        out["right"].append(sum(q.verdict(right[q.qid]).points for q in qs) / total)
        out["random"].append(
            sum(q.verdict(randoms[q.qid]).points for q in qs if randoms[q.qid] is not None) / total
        )
        for q in qs:
            out[f"{q.qid} right"].append(credit(q, right[q.qid]))
            if randoms[q.qid] is not None:
                out[f"{q.qid} random"].append(credit(q, randoms[q.qid]))
            for m in q.mistakes:
                v = q.verdict(m.answer(ex))
                # Where the wrong method happens to give the right answer on a bank, the check
                # cannot (and should not) tell them apart: counted apart, not as credit.
                out[f"{q.qid} {m.key}"].append(np.nan if v.correct else v.points / q.points)
    return out


def table(number: str, scores: dict[str, list[float]]) -> str:
    """One exercise's Markdown table."""
    lines = [
        f"### Exercise {number}",
        "",
        "| answer | credit (mean) | min–max | banks where it is the right answer |",
        "|---|---|---|---|",
    ]
    for key, values in scores.items():
        v = np.array(values, dtype=float)
        same = int(np.isnan(v).sum())
        w = v[~np.isnan(v)]
        if not len(w):
            lines.append(f"| {key} | – | – | {same} of {len(v)} |")
            continue
        lines.append(f"| {key} | {w.mean():.0%} | {w.min():.0%}–{w.max():.0%} | {same or ''} |")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    """Print every exercise's table."""
    banks = BANKS[:1] if "--quick" in argv else BANKS
    print(f"Credit earned, over {len(banks)} banks (scenario × seed); whole exercise first.\n")
    for number in EXERCISES:
        print(table(number, measure(number, banks)))
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
