"""The sandbox's charts: a run against its two references by lens, and a figure quarter by quarter.

Both are plain matplotlib figures labelled in the trainee's language, so the case notebook, the
exercise and the panel (casekit.sandbox.widgets) draw the same pictures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from casekit.messages import say
from casekit.sandbox import scorecard as S

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from casekit.sandbox.sim import Sim

# One or two headline figures per lens: what the chart of a run against its references shows.
HEADLINE = ("nps", "complaints", "deposits", "fee_income", "credit_losses", "attrition_rate",
            "contribution", "raroc")  # fmt: skip


def position(value: float, base: float, best: float) -> float:
    """Where ``value`` lies from the do-nothing ``base`` (0) to the best known ``best`` (1).

    NaN when the two references coincide: there is no way to go, so no share of it.
    """
    gap = best - base
    if abs(gap) <= 1e-9 * max(1.0, abs(base)):
        return float("nan")
    return float((value - base) / gap)


# The run's score: the book's four lenses and value, each from doing nothing to the best known.
SCORED = (("nps", 1.0), ("deposits", 1.0), ("credit_losses", -1.0), ("attrition_rate", -1.0),
          ("contribution", 1.0))  # fmt: skip


def run_score(
    mine: dict[str, float], base: dict[str, float], best: dict[str, float], floor: float = 0.05
) -> tuple[float, dict[str, float]]:
    """A run's score: on each lens of ``SCORED``, where it ends from doing nothing (0) to the
    best known policy (1), clipped to −1…1.5; the score is their mean.

    Each way is floored at ``floor`` × |do nothing|: on a lens where the greedy reference gains
    little, or loses, a small difference cannot look large or change sign.
    """
    parts = {}
    for metric, sign in SCORED:
        room = max(sign * (best[metric] - base[metric]), floor * abs(base[metric]), 1e-9)
        parts[metric] = min(1.5, max(-1.0, sign * (mine[metric] - base[metric]) / room))
    return sum(parts.values()) / len(parts), parts


def gains(card: pd.DataFrame) -> pd.DataFrame:
    """Each headline metric's change against doing nothing, in its good direction (0.1 = 10%
    better), for the run and for the best known policy, from a scorecard with both references."""
    c = card.set_index("metric")
    rows = {}
    for m in HEADLINE:
        sign = 1.0 if c.at[m, "higher_is_better"] else -1.0
        base = float(c.at[m, "do_nothing"])
        scale = max(abs(base), 1e-9)
        rows[m] = {
            "run": sign * (float(c.at[m, "value"]) - base) / scale,
            "best_known": sign * (float(c.at[m, "best_known"]) - base) / scale,
        }
    return pd.DataFrame(rows).T


def label(metric: str, lang: str) -> str:
    """A metric's label in ``lang`` (from the scorecard's own table)."""
    _lens, en, zh, _ = S.METRICS[metric]
    return zh if lang == "zh" else en


def lenses_figure(card: pd.DataFrame, lang: str = "en") -> Figure:
    """Bars: how much better than doing nothing the run is on each headline metric; marks: the
    best known policy. A bar left of 0 is a lens where doing nothing was better."""
    import matplotlib.pyplot as plt

    g = gains(card) * 100
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    names = [label(m, lang) for m in g.index]
    colours = ["#c62828" if v < 0 else "#1565c0" for v in g["run"]]
    ax.barh(names, g["run"], color=colours, label=say("sb_chart_run", lang))
    ax.scatter(g["best_known"], names, marker="D", color="#222", zorder=3, s=22,
               label=say("sb_chart_best", lang))  # fmt: skip
    ax.axvline(0, color="#555", lw=1)
    ax.invert_yaxis()
    ax.set_xlabel(say("sb_chart_better", lang))
    ax.set_title(say("sb_chart_lenses", lang), fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def path_figure(runs: dict[str, Sim], metric: str = "contribution", lang: str = "en") -> Figure:
    """Lines: ``metric`` at the hand-over and after each quarter, one line per run."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 3.4))
    for name, sim in runs.items():
        series = sim.path()[metric]
        ax.plot(series.index, series.to_numpy(), marker="o", ms=3, label=name)
    ax.set_xlabel(say("sb_quarter", lang))
    ax.set_ylabel(label(metric, lang), fontsize=8)
    ax.set_title(say("sb_chart_path", lang) if metric == "contribution" else label(metric, lang))
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def png(fig: Figure) -> bytes:
    """A figure as PNG bytes (for an ipywidgets Image), closed afterwards."""
    import io

    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    plt.close(fig)
    return buf.getvalue()
