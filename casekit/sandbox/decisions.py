"""A quarter's decisions as plain data: read, checked against the rules, and refused row by row.

Decisions are a table (a DataFrame or a list of dicts) with the columns in ``rules.COLUMNS``;
the first row that breaks a rule stops the quarter with a message naming the row and the
rule, in the trainee's language, before anything is simulated.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from casekit import catalog as cat
from casekit.errors import CasekitError
from casekit.messages import say
from casekit.sandbox import rules as R


class BadDecision(CasekitError, ValueError):
    """A decision breaks a rule of the sandbox; the message names the row and the rule."""


def _blank(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or (isinstance(x, str) and not x)


def as_table(decisions: object, lang: str) -> pd.DataFrame:
    """Decisions as a DataFrame with every column of ``rules.COLUMNS`` (absent ones blank)."""
    if decisions is None:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in R.COLUMNS})
    if isinstance(decisions, pd.DataFrame):
        # The trainee's own index labels name the rows in messages (what their table shows).
        frame = pd.DataFrame(decisions)
        if not frame.index.is_unique:
            frame = frame.reset_index(drop=True)
    elif isinstance(decisions, Iterable) and not isinstance(decisions, (str, bytes, dict)):
        rows = list(decisions)
        if not all(isinstance(r, dict) for r in rows):
            raise BadDecision(
                say("sb_not_table", lang, columns=", ".join(R.COLUMNS), got="a list of non-dicts")
            )
        frame = pd.DataFrame(rows)
    else:
        raise BadDecision(
            say("sb_not_table", lang, columns=", ".join(R.COLUMNS), got=type(decisions).__name__)
        )
    if len(frame) and "kind" not in frame.columns:
        has = ", ".join(map(str, frame.columns)) or "—"
        rule = say("sb_no_kind_column", lang, allowed=", ".join(R.KINDS), has=has)
        raise BadDecision(say("sb_refused", lang, row=0, rule=rule))
    # A misspelt column ("hour", "client") would otherwise be ignored and its default used.
    # Other columns (a trainee's own scores, notes) are left alone: they are not decisions.
    for column in frame.columns:
        close = difflib.get_close_matches(str(column), R.COLUMNS, n=1, cutoff=0.75)
        if len(frame) and column not in R.COLUMNS and close:
            name = say("sb_did_you_mean", lang, name=close[0])
            rule = say(
                "sb_unknown_column", lang, column=column, close=name, columns=", ".join(R.COLUMNS)
            )
            raise BadDecision(say("sb_refused", lang, row=frame.index[0], rule=rule))
    return frame


def check(decisions: object, ctx: dict, lang: str) -> pd.DataFrame:
    """The decisions, normalised (one typed row each), or BadDecision naming the first bad row.

    ``ctx`` holds what the rules are checked against: client positions, who is still here,
    ratings, NPLs, the warning level of each client last quarter, and the two budgets.
    """
    frame = as_table(decisions, lang)
    out: list[dict] = []
    hours_used = cost_used = 0.0
    seen: set[tuple] = set()
    for i, (label, row) in enumerate(zip(frame.index, frame.to_dict("records"), strict=True)):

        def refuse(key: str, _at: object = label, **kw: object) -> BadDecision:
            return BadDecision(say("sb_refused", lang, row=_at, rule=say(key, lang, **kw)))

        kind = row.get("kind")
        if kind not in R.KINDS:
            raise refuse("sb_unknown_kind", value=kind, allowed=", ".join(R.KINDS))
        for col in R.REQUIRED[kind]:
            if col not in frame.columns:
                raise refuse("sb_missing_column", kind=kind, column=col)
            if _blank(row.get(col)):
                raise refuse("sb_empty_field", kind=kind, column=col)
        d = {"row": i, "kind": kind, "client": -1, "client_id": None, "product": None}
        d.update(price=1.0, response=None, improvement=None)
        hours = row.get("hours")
        hours = R.DEFAULT_HOURS[kind] if _blank(hours) else hours
        if isinstance(hours, bool) or not isinstance(hours, (int, float, np.number)):
            raise refuse("sb_bad_hours", value=hours)
        hours = float(hours)
        if not math.isfinite(hours) or hours < 0 or (kind == "visit" and hours <= 0):
            raise refuse("sb_bad_hours", value=hours)
        d["hours"] = hours
        if kind != "improve":
            cid = row.get("client_id")
            where = ctx["pos"].get(str(cid)) if isinstance(cid, str) else None
            if where is None:
                raise refuse("sb_unknown_client", value=cid, example=ctx["example"])
            if not ctx["here"][where]:
                raise refuse("sb_client_gone", value=cid)
            d["client"], d["client_id"] = int(where), cid
        if kind == "offer":
            _check_offer(row, d, ctx, refuse)
        elif kind == "respond":
            _check_response(row, d, ctx, refuse)
        elif kind == "improve":
            imp = row.get("improvement")
            if imp not in R.IMPROVEMENTS:
                raise refuse("sb_unknown_improvement", value=imp, allowed=", ".join(R.IMPROVEMENTS))
            d["improvement"] = imp
            cost_used += ctx["cost"][imp]
            if cost_used > ctx["service_budget"] + 1e-9:
                raise refuse("sb_over_service_budget", budget=ctx["service_budget"], used=cost_used)
        key = (kind, d["client"], d["product"], d["improvement"], d["response"] is not None)
        if kind != "visit" and key in seen:
            raise refuse(
                "sb_duplicate", what=" ".join(str(x) for x in key[:4] if x not in (-1, None))
            )
        seen.add(key)
        hours_used += hours
        if hours_used > ctx["hours_budget"] + 1e-9:
            raise refuse("sb_over_hours", budget=ctx["hours_budget"], used=hours_used)
        out.append(d)
    cols = [
        "row",
        "kind",
        "client",
        "client_id",
        "product",
        "price",
        "response",
        "improvement",
        "hours",
    ]
    return pd.DataFrame(out, columns=cols)


def _check_offer(row: dict, d: dict, ctx: dict, refuse) -> None:
    product = row.get("product")
    if product not in cat.PRODUCT_CODES:
        raise refuse("sb_unknown_product", value=product, allowed=", ".join(cat.PRODUCT_CODES))
    price = row.get("price")
    price = 1.0 if _blank(price) else price
    lo, hi = R.PRICE_BAND
    if isinstance(price, bool) or not isinstance(price, (int, float, np.number)):
        raise refuse("sb_price_band", value=price, low=lo, high=hi)
    if not (math.isfinite(float(price)) and lo - 1e-9 <= float(price) <= hi + 1e-9):
        raise refuse("sb_price_band", value=price, low=lo, high=hi)
    c = d["client"]
    if R.PRODUCT_FAMILY[product] in R.CREDIT_FAMILIES:
        rating, npl = ctx["rating"][c], bool(ctx["npl"][c])
        if npl or R.grade_rank(rating) > R.grade_rank(R.APPETITE_WORST_GRADE):
            raise refuse(
                "sb_risk_appetite",
                product=product,
                client=d["client_id"],
                rating=rating,
                npl=say("sb_npl", ctx["lang"]) if npl else "",
                worst=R.APPETITE_WORST_GRADE,
            )
    d["product"], d["price"] = product, float(price)


def _check_response(row: dict, d: dict, ctx: dict, refuse) -> None:
    response = row.get("response")
    if response not in R.RESPONSES:
        raise refuse("sb_unknown_response", value=response, allowed=", ".join(R.RESPONSES))
    level = ctx["level"].get(d["client"])
    if level is None:
        raise refuse("sb_no_warning", client=d["client_id"])
    if response not in R.ALLOWED_RESPONSES[level]:
        raise refuse(
            "sb_wrong_level",
            response=response,
            client=d["client_id"],
            level=level,
            allowed=", ".join(R.ALLOWED_RESPONSES[level]),
        )
    d["response"] = response
