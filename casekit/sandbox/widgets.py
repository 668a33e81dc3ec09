"""The sandbox's panel for trainees: the quarter's tables and scorecard, and its decisions.

The panel is a front, never the only way: decisions are analysed and built in pandas, loaded
with ``panel.load(table)`` (the same check as ``sim.decide``), and the panel's own form only
adds a row at a time to that table. Every refusal is shown in the trainee's language with the
row and the fix, and nothing already simulated changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from casekit import catalog as cat
from casekit.messages import say
from casekit.sandbox import charts
from casekit.sandbox import rules as R
from casekit.sandbox.decisions import BadDecision

if TYPE_CHECKING:
    from casekit.sandbox.sim import Sim

MAX_ROWS = 12  # rows of a table the panel shows (the whole table is in sim.observe())


class Panel:
    """Widgets over one run: ``display(panel.widget)``; ``panel.load(table)``; its buttons."""

    def __init__(self, sim: Sim, references: bool = True) -> None:
        import ipywidgets as w

        from casekit import plotting

        self.sim, self.lang, self.references = sim, sim.lang, references
        plotting.setup(self.lang)  # the charts' labels need the Chinese font in zh
        self.table = pd.DataFrame(columns=list(R.COLUMNS))
        t = lambda key, **kw: say(key, self.lang, **kw)  # noqa: E731
        self.title = w.HTML()
        self.message = w.HTML()
        self.card = w.HTML()
        self.chart = w.Image(format="png")
        self.which = w.Dropdown(description=t("sbw_table"))
        self.shown = w.HTML()
        self.decided = w.HTML()
        # The form: one row at a time, appended to the decision table.
        self.kind = w.Dropdown(options=list(R.KINDS), description=t("sbw_kind"))
        self.client = w.Text(description=t("sbw_client"), placeholder=str(sim._ids[0]))
        products = [(f"{cat.label('product', p, self.lang)} · {p}", p) for p in cat.PRODUCT_CODES]
        self.product = w.Dropdown(options=products, description=t("sbw_product"))
        lo, hi = R.PRICE_BAND
        self.price = w.BoundedFloatText(1.0, min=lo, max=hi, step=0.05, description=t("sbw_price"))
        self.response = w.Dropdown(options=list(R.RESPONSES), description=t("sbw_response"))
        self.improvement = w.Dropdown(
            options=list(R.IMPROVEMENTS), description=t("sbw_improvement")
        )
        self.hours = w.BoundedFloatText(
            2.0, min=0.0, max=sim.hours_budget, step=0.5, description=t("sbw_hours")
        )
        add = w.Button(description=t("sbw_add_row"))
        clear = w.Button(description=t("sbw_clear"))
        go = w.Button(description=t("sbw_advance"), button_style="primary")
        add.on_click(lambda _: self.add_row())
        clear.on_click(lambda _: self.clear())
        go.on_click(lambda _: self.advance())
        self.which.observe(lambda _: self._show_table(), names="value")
        form = w.VBox([self.kind, self.client, self.product, self.price, self.response,
                       self.improvement, self.hours, w.HBox([add, clear])])  # fmt: skip
        tabs = w.Tab(children=[w.VBox([self.card, self.chart]), w.VBox([self.which, self.shown]),
                               w.VBox([self.decided, form])])  # fmt: skip
        for i, key in enumerate(("sbw_scorecard", "sbw_tables", "sbw_decide")):
            tabs.set_title(i, t(key))
        self.widget = w.VBox([self.title, tabs, go, self.message])
        self.refresh()

    # What a trainee does from code (the primary path) or with the buttons.
    def load(self, decisions: Any) -> bool:
        """Check a decision table for this quarter (as ``sim.decide``); says why if refused."""
        try:
            checked = self.sim.decide(decisions)
        except BadDecision as e:
            self._say(str(e), error=True)
            return False
        self.table = (
            pd.DataFrame(decisions).reindex(columns=list(R.COLUMNS))
            if len(checked)
            else self.table.iloc[0:0]
        )
        hours = float(checked["hours"].sum()) if len(checked) else 0.0
        self._say(
            say("sbw_loaded", self.lang, rows=len(checked), quarter=self.sim.quarter + 1,
                hours=hours, budget=self.sim.hours_budget)
        )  # fmt: skip
        self._show_decisions()
        return True

    def add_row(self) -> bool:
        """Append the form's row to the decision table, if the whole table still passes."""
        kind = self.kind.value
        row: dict[str, Any] = {"kind": kind, "hours": float(self.hours.value)}
        if kind != "improve":
            row["client_id"] = self.client.value.strip()
        if kind == "offer":
            row.update(product=self.product.value, price=float(self.price.value))
        if kind == "respond":
            row["response"] = self.response.value
        if kind == "improve":
            row["improvement"] = self.improvement.value
        rows = [*self.table.to_dict("records"), row]
        rows = [{k: v for k, v in r.items() if not _blank(v)} for r in rows]
        return self.load(rows)

    def clear(self) -> None:
        """Forget this quarter's decisions (nothing simulated changes)."""
        self.table = self.table.iloc[0:0]
        self.sim._pending = None
        self._show_decisions()
        self._say(say("sbw_none", self.lang))

    def advance(self) -> bool:
        """Simulate the quarter with the decisions loaded (none: do nothing this quarter)."""
        if self.sim.quarter >= self.sim.quarters:
            self._say(say("sbw_finished", self.lang, quarters=self.sim.quarters))
            return False
        try:
            self.sim.advance()
        except BadDecision as e:
            self._say(str(e), error=True)
            return False
        self.table = self.table.iloc[0:0]
        self.refresh()
        done = self.sim.quarter >= self.sim.quarters
        key = "sbw_finished" if done else "sbw_advanced"
        self._say(say(key, self.lang, quarter=self.sim.quarter, quarters=self.sim.quarters))
        return True

    # What the panel shows.
    def refresh(self) -> None:
        """Redraw the title, scorecard, chart and table list for the run's current quarter."""
        sim = self.sim
        q = min(sim.quarter + 1, sim.quarters)
        self.title.value = (
            f"<h3>{say('sbw_title', self.lang, quarter=q, quarters=sim.quarters)}</h3>"
        )
        card = sim.scorecard(references=self.references)
        shown = card.drop(columns=["metric", "higher_is_better"]).set_index(["lens", "label"])
        self.card.value = shown.to_html(float_format=lambda x: f"{x:,.3f}")
        if self.references and sim.quarter:
            self.chart.value = charts.png(charts.lenses_figure(card, self.lang))
        tables = list(sim.observe())
        self.which.options = tables
        self.which.value = "panel" if "panel" in tables else tables[0]
        self._show_table()
        self._show_decisions()
        if not self.message.value:
            self._say(say("sbw_none", self.lang))

    def _show_table(self) -> None:
        if not self.which.value:
            return
        table = self.sim.observe()[self.which.value]
        note = say("sbw_rows", self.lang, rows=len(table), shown=min(len(table), MAX_ROWS))
        self.shown.value = f"<p>{note}</p>" + table.head(MAX_ROWS).to_html(index=False)

    def _show_decisions(self) -> None:
        self.decided.value = (
            self.table.dropna(axis=1, how="all").to_html(index=False) if len(self.table) else ""
        )

    def _say(self, text: str, error: bool = False) -> None:
        import html

        colour = "#c62828" if error else "#1565c0"
        self.message.value = (
            f'<div style="border-left:4px solid {colour};padding:2px 8px">{html.escape(text)}</div>'
        )


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v) or v == ""


def panel(sim: Sim, references: bool = True) -> Panel:
    """A panel over ``sim``; show it with ``display(panel(sim).widget)``."""
    return Panel(sim, references=references)
