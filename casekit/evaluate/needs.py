"""Scoring needs analysis (需求分析): a proposed needs list and a priority ranking against the truth."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from casekit import catalog as cat
from casekit.book import Book
from casekit.evaluate.answers import as_table, check_clients, check_codes, truth_of


@dataclass(frozen=True)
class NeedsScore:
    """Precision, recall and F1 of a needs list, overall and per need, with what was missed."""

    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: int
    false_negatives: int
    by_need: pd.DataFrame  # need, precision, recall, f1, tp, fp, fn
    missed: pd.DataFrame  # client_id, need, value, urgency: true needs not proposed
    extra: pd.DataFrame  # client_id, need: proposed needs the client does not have

    def summary(self, lang: str = "en") -> str:
        """One line a trainee can read."""
        if lang == "zh":
            return (
                f"精确率 {self.precision:.0%}（提出的需求中有多少是真的），召回率 {self.recall:.0%}"
                f"（真实需求中找到了多少），F1 {self.f1:.2f}；漏掉 {self.false_negatives} 个，误报 {self.false_positives} 个"
            )
        return (
            f"precision {self.precision:.0%} (of the needs you proposed, how many are real), recall "
            f"{self.recall:.0%} (of the real needs, how many you found), F1 {self.f1:.2f}; "
            f"{self.false_negatives} missed, {self.false_positives} wrongly added"
        )


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision tp/(tp+fp), recall tp/(tp+fn), F1 their harmonic mean.

    Conventions that keep the scale honest: proposing nothing has precision 0 (unless there was
    nothing to find), and a perfect answer to an empty truth scores 1.
    """
    if tp + fp + fn == 0:
        return 1.0, 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _universe(book: Book, clients: Iterable[str] | None, lang: str) -> pd.Index:
    if clients is None:
        return pd.Index(book.clients["client_id"].astype(str))
    ids = check_clients(pd.Series(list(clients), dtype=object), book, "what_needs", lang)
    return pd.Index(ids.unique())


def _truth_pairs(book: Book, universe: pd.Index, include_served: bool, lang: str) -> pd.DataFrame:
    t = truth_of(book, "needs", "what_needs", lang)
    t = t[t["client_id"].isin(universe)]
    if not include_served:
        t = t[~t["served"]]
    return pd.DataFrame(
        {
            "client_id": t["client_id"].astype(str).to_numpy(),
            "need": t["need"].astype(str).to_numpy(),
            "value": t["value"].to_numpy(),
            "urgency": t["urgency"].to_numpy(),
        }
    )


def score_needs(
    proposed: object,
    book: Book,
    *,
    clients: Iterable[str] | None = None,
    include_served: bool = True,
    lang: str = "en",
) -> NeedsScore:
    """Score a list of (client_id, need) pairs against each client's true needs.

    Over the clients in ``clients`` (default: the whole book), with P the proposed pairs and T
    the true ones: precision = |P∩T| / |P|, recall = |P∩T| / |T|, F1 = 2PR / (P + R), overall
    and per need type. Duplicate pairs count once; row order does not matter.
    ``include_served=False`` scores only the needs no held product serves yet (opportunities).
    """
    df = as_table(proposed, ["client_id", "need"], "what_needs", lang)
    ids = check_clients(df["client_id"], book, "what_needs", lang)
    needs = check_codes(df["need"], cat.NEED_CODES, "need", "what_needs", lang)
    universe = _universe(book, clients, lang)
    p = pd.DataFrame({"client_id": ids, "need": needs}).drop_duplicates()
    p = p[p["client_id"].isin(universe)]
    t = _truth_pairs(book, universe, include_served, lang)
    m = p.merge(t, on=["client_id", "need"], how="outer", indicator=True)
    tp_mask, fp_mask, fn_mask = (m["_merge"] == k for k in ("both", "left_only", "right_only"))
    rows = []
    for need in cat.NEED_CODES:
        sel = m["need"] == need
        tp, fp, fn = (
            int((tp_mask & sel).sum()),
            int((fp_mask & sel).sum()),
            int((fn_mask & sel).sum()),
        )
        rows.append((need, *_prf(tp, fp, fn), tp, fp, fn))
    by_need = pd.DataFrame(rows, columns=["need", "precision", "recall", "f1", "tp", "fp", "fn"])
    tp, fp, fn = int(tp_mask.sum()), int(fp_mask.sum()), int(fn_mask.sum())
    precision, recall, f1 = _prf(tp, fp, fn)
    order = ["client_id", "need"]
    missed = m.loc[fn_mask, [*order, "value", "urgency"]].sort_values(order, ignore_index=True)
    extra = m.loc[fp_mask, order].sort_values(order, ignore_index=True)
    return NeedsScore(precision, recall, f1, tp, fp, fn, by_need, missed, extra)


def true_priority(
    book: Book,
    *,
    clients: Iterable[str] | None = None,
    include_served: bool = False,
    lang: str = "en",
) -> pd.DataFrame:
    """The ideal ranking: true (client_id, need) pairs by value × urgency, highest first."""
    t = _truth_pairs(book, _universe(book, clients, lang), include_served, lang)
    t = t.assign(priority=t["value"] * t["urgency"])
    return t.sort_values(
        ["priority", "client_id", "need"], ascending=[False, True, True], ignore_index=True
    )


@dataclass(frozen=True)
class RankingScore:
    """How well a priority ranking orders needs by their true value × urgency."""

    ndcg: float  # 0 (useless) .. 1 (the ideal order)
    top_k: int
    hits_in_top_k: int  # of the ideal top k, how many the ranking has in its top k
    out_of_order: pd.DataFrame  # adjacent pairs ranked the wrong way round

    def summary(self, lang: str = "en") -> str:
        """One line a trainee can read."""
        if lang == "zh":
            return f"排序质量 NDCG {self.ndcg:.2f}（1 为理想排序）；理想前 {self.top_k} 项中命中 {self.hits_in_top_k} 项"
        return f"ranking quality NDCG {self.ndcg:.2f} (1 is the ideal order); {self.hits_in_top_k} of the ideal top {self.top_k} are in your top {self.top_k}"


def score_priority(
    ranking: object,
    book: Book,
    *,
    clients: Iterable[str] | None = None,
    k: int = 20,
    include_served: bool = False,
    lang: str = "en",
) -> RankingScore:
    """Score a ranking of (client_id, need) pairs (rank 1 = act first) against value × urgency.

    gain g = value × urgency of the true need (0 if the client does not have it). With rank r,
    DCG = Σ g / log2(r + 1) over the top k; NDCG = DCG / DCG of the ideal order. Tied ranks share
    their positions' mean discount, so the result never depends on row order. Without a
    ``rank`` column, row order is the ranking.
    """
    df = as_table(ranking, ["client_id", "need"], "what_ranking", lang, optional=["rank"])
    ids = check_clients(df["client_id"], book, "what_ranking", lang)
    needs = check_codes(df["need"], cat.NEED_CODES, "need", "what_ranking", lang)
    if "rank" in df.columns:
        rank = pd.to_numeric(df["rank"], errors="coerce")
    else:
        rank = pd.Series(np.arange(1, len(df) + 1), dtype=float)
    r = pd.DataFrame(
        {"client_id": ids.to_numpy(), "need": needs.to_numpy(), "rank": rank.to_numpy()}
    )
    r = r.dropna(subset=["rank"]).sort_values("rank").drop_duplicates(["client_id", "need"])
    ideal = true_priority(book, clients=clients, include_served=include_served, lang=lang)
    universe = set(ideal["client_id"]) if clients is not None else None
    if universe is not None:
        r = r[r["client_id"].isin(universe)]
    gain = (
        r.merge(ideal[["client_id", "need", "priority"]], on=["client_id", "need"], how="left")[
            "priority"
        ]
        .fillna(0.0)
        .to_numpy()
    )
    ranks = r["rank"].to_numpy()
    positions = np.arange(1, len(ranks) + 1)
    discount = 1 / np.log2(positions + 1)
    # Ties: every member of a tie group gets the mean discount of the positions it spans.
    group = np.unique(ranks, return_inverse=True)[1]
    mean_disc = np.bincount(group, weights=discount) / np.bincount(group)
    in_top = positions <= k
    top_groups = np.unique(group[in_top])
    weight = np.where(np.isin(group, top_groups), mean_disc[group], 0.0)
    dcg = float((gain * weight).sum())
    ideal_gain = ideal["priority"].to_numpy()[:k]
    idcg = float((ideal_gain / np.log2(np.arange(2, len(ideal_gain) + 2))).sum())
    ndcg = min(dcg / idcg, 1.0) if idcg > 0 else 1.0 if len(r) == 0 else 0.0
    top_ideal = set(zip(ideal["client_id"].iloc[:k], ideal["need"].iloc[:k], strict=True))
    top_mine = set(zip(r["client_id"].iloc[:k], r["need"].iloc[:k], strict=True))
    g = pd.Series(gain)
    wrong = np.flatnonzero((g.shift(-1) > g).to_numpy()[:-1]) if len(g) > 1 else np.array([], int)
    out = pd.DataFrame(
        {
            "first": [f"{r['client_id'].iloc[i]}/{r['need'].iloc[i]}" for i in wrong],
            "then": [f"{r['client_id'].iloc[i + 1]}/{r['need'].iloc[i + 1]}" for i in wrong],
            "first_priority": gain[wrong],
            "then_priority": gain[wrong + 1],
        }
    )
    return RankingScore(float(ndcg), k, len(top_ideal & top_mine), out)
