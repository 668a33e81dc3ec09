"""The sandbox's charts: a run against its two references by lens, and a figure quarter by quarter.

Both are plain matplotlib figures labelled in the trainee's language, so the case notebook, the
exercise and the panel (casekit.sandbox.widgets) draw the same pictures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
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


def positions(card: pd.DataFrame) -> pd.Series:
    """Each headline metric's position between the references, from a scorecard with both."""
    c = card.set_index("metric")
    return pd.Series(
        {
            m: position(c.at[m, "value"], c.at[m, "do_nothing"], c.at[m, "best_known"])
            for m in HEADLINE
        }
    )


def label(metric: str, lang: str) -> str:
    """A metric's label in ``lang`` (from the scorecard's own table)."""
    _lens, en, zh, _ = S.METRICS[metric]
    return zh if lang == "zh" else en


def lenses_figure(card: pd.DataFrame, lang: str = "en") -> Figure:
    """Bars: each headline metric from do nothing (0) to the best known policy (1)."""
    import matplotlib.pyplot as plt

    pos = positions(card).clip(-1.0, 2.0)
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    names = [label(m, lang) for m in pos.index]
    colours = ["#c62828" if v < 0 else "#1565c0" for v in pos.fillna(0)]
    ax.barh(names, pos.fillna(0), color=colours)
    ax.axvline(0, color="#555", lw=1)
    ax.axvline(1, color="#2e7d32", lw=1, ls="--")
    ax.invert_yaxis()
    ax.set_xlim(
        min(-0.2, float(np.nanmin(pos.to_numpy())) - 0.1),
        max(1.2, float(np.nanmax(pos.to_numpy())) + 0.1),
    )
    ax.set_title(say("sb_chart_lenses", lang), fontsize=10)
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
