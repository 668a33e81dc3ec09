"""Observable activity: call reports with notes, service requests, complaints, surveys, warnings."""

from __future__ import annotations

import numpy as np

from casekit import catalog as cat
from casekit.simulate import notes
from casekit.simulate.world import Coded, World, lexorder, month_str, serial, unique_inverse

_NEEDS = cat.NEED_CODES


def make_interactions(w: World) -> dict[str, np.ndarray]:
    """RM contacts with call-report notes that mention, hint at, or say nothing of needs."""
    rng, a, m = w.rng("contacts"), w.a, w.months
    t = np.arange(m)[None, :]
    rate = (
        a["contact_rate"][:, None]
        / 12
        * np.where(a["pilot"][:, None] & (t >= w.pilot_start), 2.2, 1.0)
    )
    near_default = (t >= a["default_month"][:, None] - 4) & (t < a["default_month"][:, None] + 2)
    rate = rate * np.where(near_default, 1.8, 1.0)
    counts = rng.poisson(rate) * (t <= a["last_month"][:, None])
    c, month = np.nonzero(counts)
    reps = counts[c, month]
    c, month = np.repeat(c, reps), np.repeat(month, reps)
    k = len(c)
    nr = w.rng("notes")
    has = np.vstack([a["need"][x] for x in _NEEDS])[:, c]  # (10, k): one line per need
    # A need the client has (for what it says or hints), one it lacks (for a false lead).
    pick = np.maximum(notes.pick_lines(nr, has), 0)
    any_need = has.any(axis=0)
    lacks = np.maximum(notes.pick_lines(nr, ~has), 0)
    u = nr.random(k)
    distress = (month >= a["default_month"][c] - a["distress_lead"][c]) & (
        month < a["default_month"][c]
    )
    distress &= ~a["silent_default"][c] & (nr.random(k) < 0.55)
    group = np.where(
        distress,
        30,
        np.where(
            any_need & (u < 0.28),
            pick,
            np.where(any_need & (u < 0.5), 10 + pick, np.where(u > 0.92, 20 + lacks, 31)),
        ),
    )
    tier = a["tier"][c]
    chan_p = np.where(tier == "general", 0.25, 0.6)
    r = nr.random(k)
    # Index into CHANNEL_CODES: visit, phone, meeting, wechat.
    channel = np.select([r < chan_p, r < chan_p + 0.25, r < chan_p + 0.35], [0, 1, 2], 3)
    day = nr.integers(1, 28, k)
    date = (w.start + month.astype("timedelta64[M]")).astype("datetime64[D]") + (day - 1).astype(
        "timedelta64[D]"
    )
    # The words: composed from the client's own facts, people and calendar.
    kind = np.where(group == 30, notes.DISTRESS, np.where(group == 31, notes.ROUTINE, group // 10))
    note_zh, note_en = notes.compose(w, nr, c, date, channel, kind, group % 10)
    order = lexorder(date, c)
    rm_labels, rm_code = unique_inverse(a["rm_id"].astype(str))
    ids = serial("I", w.chunk, k, 7)
    return {
        "interaction_id": ids,
        "client_id": Coded(c[order], w.client_ids),
        "rm_id": Coded(rm_code[c][order], rm_labels),
        "date": date[order],
        "channel": Coded(channel[order], np.array(cat.CHANNEL_CODES)),
        "note_zh": note_zh.take(order),
        "note_en": note_en.take(order),
    }


def service_tables(w: World) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Service requests the client was still there for, and the complaints they caused."""
    a, req = w.a, w.a["req"]
    keep = req["month"] <= a["last_month"][req["client"]]
    kept = np.flatnonzero(keep)
    order = kept[lexorder(req["stamps"][kept, 0], req["client"][kept])]
    c, stamps, followed = req["client"][order], req["stamps"][order], req["followed"][order]
    rtype = Coded(req["type_code"][order], np.array(cat.REQUEST_TYPE_CODES))
    k = len(c)

    ids = serial("S", w.chunk, k, 7)
    requests = {"request_id": ids, "client_id": Coded(c, w.client_ids), "request_type": rtype}
    for j, stage in enumerate(cat.STAGE_CODES[:4]):
        requests[f"{stage}_at"] = stamps[:, j].astype("datetime64[s]")
    requests["followed_up_at"] = followed.astype("datetime64[s]")
    requests["sla_hours"] = req["sla"][order].astype(np.int64)

    # Complaints were raised by requests (casekit.simulate.service); those of requests the
    # client was still there for are published, opened in request order.
    cmp = a["cmp"]
    position = np.full(len(req["client"]), -1)
    position[order] = np.arange(k)
    at = position[cmp["request"]]
    shown = np.flatnonzero(at >= 0)
    shown = shown[np.argsort(at[shown], kind="stable")]
    complaints = {
        "complaint_id": serial("P", w.chunk, len(shown), 6),
        "client_id": Coded(cmp["client"][shown], w.client_ids),
        "request_id": ids.take(at[shown]),
        "opened_on": cmp["opened"][shown],
        "category": cmp["category"][shown],
        "resolved_on": cmp["opened"][shown] + cmp["days"][shown].astype("timedelta64[D]"),
        "extended": cmp["extended"][shown],
    }
    return requests, complaints


def make_surveys(w: World) -> dict[str, np.ndarray]:
    """The yearly satisfaction survey each November: NPS 0-10 and four facets 1-5."""
    rng, a, n = w.rng("surveys"), w.a, w.n
    waves = np.flatnonzero(w.calendar_month == 11)
    rows_c, rows_t = [], []
    for t in waves:
        on = a["last_month"] >= t
        p = np.where(a["tier"] == "general", 0.35, 0.8)
        take = on & (rng.random(n) < p)
        rows_c.append(np.flatnonzero(take))
        rows_t.append(np.full(int(take.sum()), t))
    c, t = np.concatenate(rows_c), np.concatenate(rows_t)
    order = lexorder(c, t)
    c, t = c[order], t[order]
    k = len(c)
    s = a["satisfaction"][c]
    boost = np.where(a["pilot"][c] & (t >= w.pilot_start), w.pilot_effect["nps_points"], 0.0)
    part = a["churn_partial"][c] & (t >= a["churn_month"][c])
    base = 7.55 + 1.55 * s - 1.0 * part + 1.1 * rng.standard_normal(k)
    score = np.clip(np.round(base + boost), 0, 10)
    # The pilot's realised effect on the scores of the clients it reached: the same answers
    # without the boost. The 0-10 ceiling makes it smaller than the boost itself.
    reached = boost > 0
    without = np.clip(np.round(base), 0, 10)
    w.a["nps_att"] = (float((score - without)[reached].sum()), int(reached.sum()))

    def facet(x: np.ndarray) -> np.ndarray:
        return np.clip(np.round(3.7 + x + 0.45 * s + 0.55 * rng.standard_normal(k)), 1, 5).astype(
            np.int64
        )

    return {
        "survey_id": serial("V", w.chunk, k, 6),
        "client_id": Coded(c, w.client_ids),
        "month": Coded(t, w.month_labels),
        "nps": score.astype(np.int64),
        "speed": facet(-2.5 * a["breach_rate"][c]),
        "professionalism": facet(0.4 * np.log(a["contact_factor"][c])),
        "product_fit": facet(-1.2 * a["unmet_share"][c]),
        "digital": facet(0.35 * a["digital"][c] - 0.3),
    }


def make_warnings(w: World) -> dict[str, np.ndarray]:
    """Early-warning events: most defaults are announced months ahead; some alarms are false."""
    rng, a, n, m = w.rng("warnings"), w.a, w.n, w.months
    td = a["default_month"]
    warned = np.isfinite(td) & (td >= -2) & ~a["silent_default"]
    k_true = np.where(warned, 1 + rng.poisson(1.4, n), 0)
    c1 = np.repeat(np.arange(n), k_true)
    lead = a["distress_lead"][c1]
    t1 = td[c1] - 1 - np.floor(rng.random(len(c1)) * lead)
    false_rate = 0.05 * (1 + 25 * a["pd"]) * m / 12
    k_false = rng.poisson(false_rate) * (a["last_month"] >= 0)
    c2 = np.repeat(np.arange(n), k_false)
    t2 = np.floor(rng.random(len(c2)) * (a["last_month"][c2] + 1))
    c = np.concatenate([c1, c2])
    t = np.concatenate([t1, t2]).astype(np.int64)
    ok = (t >= 0) & (t < m) & (t <= a["last_month"][c])
    # The early-warning system stops once a loan is in default: it is then a workout case.
    ok &= t < a["default_month"][c]
    true_alarm = np.concatenate([np.ones(len(c1), bool), np.zeros(len(c2), bool)])[ok]
    c, t = c[ok], t[ok]
    # Signals differ in strength: wage and tax arrears, a halt in production or the basic
    # account moving away mostly announce real trouble; litigation, a rating downgrade or a
    # utility bill paid late are common among healthy firms too. A score that weights them
    # trades precision against recall as its threshold moves.
    codes = np.array(cat.WARNING_CODES, dtype=object)
    pick = np.where(
        true_alarm,
        rng.choice(len(codes), len(c), p=_normal(SIGNAL_IN_DISTRESS)),
        rng.choice(len(codes), len(c), p=_normal(SIGNAL_IN_HEALTH)),
    )
    signal = codes[pick]
    order = np.lexsort((signal.astype(str), t, c))
    c, t, signal = c[order], t[order], signal[order]
    return {
        "client_id": Coded(c, w.client_ids),
        "month": Coded(t, w.month_labels),
        "signal": signal,
    }


# How often each signal (in catalog order: tax, wage, utility arrears, litigation, guarantee
# chain, account moved, production halt, rating downgrade) is seen before a default, and
# among healthy firms.
SIGNAL_IN_DISTRESS = (0.16, 0.16, 0.06, 0.1, 0.1, 0.17, 0.15, 0.1)
SIGNAL_IN_HEALTH = (0.05, 0.03, 0.2, 0.3, 0.05, 0.07, 0.02, 0.28)


def _normal(p: tuple[float, ...]) -> np.ndarray:
    a = np.asarray(p, dtype=float)
    return a / a.sum()


def outcomes_table(w: World) -> dict[str, np.ndarray]:
    """What became of each client: churn (full or partial), default, exit, pilot membership."""
    a = w.a
    status = np.where(
        a["churn_full"], "full", np.where(a["churn_partial"], "partial", "active")
    ).astype(object)

    def as_month(x: np.ndarray) -> np.ndarray:
        months = month_str(w.start, np.nan_to_num(x, posinf=0).astype(np.int64))
        return np.where(np.isfinite(x), months, None).astype(object)

    exit_m = a["exit_month"].astype(float)
    exit_m[exit_m < 0] = np.inf
    return {
        "client_id": w.client_ids,
        "churn_status": status,
        "churn_month": as_month(a["churn_month"]),
        "defaulted": np.isfinite(a["default_month"]),
        "default_month": as_month(a["default_month"]),
        "exit_month": as_month(exit_m),
        "pilot": a["pilot"],
        "pilot_start": np.where(
            a["pilot"], month_str(w.start, np.array([w.pilot_start]))[0], None
        ).astype(object),
    }
