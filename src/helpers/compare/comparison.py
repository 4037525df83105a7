"""Put places, admin levels and years side by side: indicator tables, ratios, bootstrap intervals.

Turns the metrics table into tidy comparison tables (one row per place × indicator), derives ratios that
make places comparable (rectification rate, sanctions and leads per 100 problems), and bootstraps intervals.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from ..core.documents import attach_metadata, document_metadata

#: Indicators shown by default in comparisons (the outcome chain of an inspection).
KEY_INDICATORS = ["orgs_inspected", "villages_inspected", "problems_found", "problems_rectified",
                  "rectification_rate", "clues_transferred", "disciplinary_sanctions", "organisational_handling"]

#: Ratios: name → (numerator indicator, denominator indicator, multiplier, label).
RATIOS = {
    "rectification_rate_computed": ("problems_rectified", "problems_found", 100, "problems rectified per 100 found"),
    "sanctions_per_100_problems": ("disciplinary_sanctions", "problems_found", 100, "sanctions per 100 problems found"),
    "leads_per_100_problems": ("clues_transferred", "problems_found", 100, "leads transferred per 100 problems found"),
    "handling_per_100_problems": ("organisational_handling", "problems_found", 100,
                                  "organisational handling per 100 problems found"),
}
GROUP_COLUMNS = ["place", "admin_level", "province", "year"]


def _with_groups(metrics: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    return attach_metadata(metrics, document_metadata(documents), ["place", "admin_level", "province", "date", "year"])


def indicator_table(metrics: pd.DataFrame, documents: pd.DataFrame, *,
                    indicators: Sequence[str] | None = KEY_INDICATORS) -> pd.DataFrame:
    """One row per reported figure of the chosen indicators, with place, admin level, year and scope.

    Nothing is summed: a report may give a yearly and a cumulative figure for the same indicator,
    told apart by ``scope_period``.
    """
    df = _with_groups(metrics, documents)
    if indicators is not None:
        df = df[df["indicator"].isin(indicators)]
    cols = ["doc_id", "article", *GROUP_COLUMNS, "indicator", "value", "unit", "qualifier", "scope_period",
            "scope_body", "value_text", "quote"]
    return df[[c for c in cols if c in df.columns]].reset_index(drop=True)


def indicator_ratios(metrics: pd.DataFrame, documents: pd.DataFrame, *,
                     ratios: dict[str, tuple[str, str, float, str]] = RATIOS) -> pd.DataFrame:
    """Ratios computed inside one article, where numerator and denominator share the same period.

    For each article and period (``scope_period``) the first figure of each indicator is used (reports
    give the headline total first). Returns one row per article × period × ratio with the inputs.
    """
    df = _with_groups(metrics, documents)
    df = df.sort_values(["doc_id", "article", "start"], kind="stable")
    firsts = df.groupby(["doc_id", "article", "scope_period", "indicator"], sort=False, dropna=False).first()
    rows = []
    for (doc, art, period), g in firsts.groupby(level=[0, 1, 2], sort=False, dropna=False):
        vals = g.reset_index(level=[0, 1, 2], drop=True)
        for name, (num, den, mult, label) in ratios.items():
            if num in vals.index and den in vals.index and vals.loc[den, "value"]:
                n, d = vals.loc[num], vals.loc[den]
                rows.append(dict(doc_id=doc, article=art, scope_period=period,
                                 **{c: n[c] for c in GROUP_COLUMNS if c in n}, ratio=name, label=label,
                                 numerator=n["value"], denominator=d["value"], value=mult * n["value"] / d["value"]))
    return pd.DataFrame(rows, columns=["doc_id", "article", "scope_period", *GROUP_COLUMNS, "ratio", "label",
                                       "numerator", "denominator", "value"])


def bootstrap_ci(values: Sequence[float], *, stat: Callable[[np.ndarray], float] = np.mean, n_boot: int = 2000,
                 ci: float = 0.95, random_state: int = 0) -> tuple[float, float, float]:
    """Percentile bootstrap: ``(estimate, low, high)`` of ``stat`` over resamples of ``values``.

    With fewer than two values the interval is undefined (NaN).
    """
    x = np.asarray([v for v in values if pd.notna(v)], dtype=float)
    if len(x) == 0:
        return (np.nan, np.nan, np.nan)
    est = float(stat(x))
    if len(x) < 2:
        return (est, np.nan, np.nan)
    rng = np.random.default_rng(random_state)
    boots = np.array([stat(x[rng.integers(0, len(x), len(x))]) for _ in range(n_boot)])
    a = (1 - ci) / 2
    return est, float(np.quantile(boots, a)), float(np.quantile(boots, 1 - a))


def group_bootstrap(df: pd.DataFrame, value: str, by: str, *, stat: Callable = np.mean, n_boot: int = 2000,
                    ci: float = 0.95, random_state: int = 0) -> pd.DataFrame:
    """Bootstrap ``stat`` of column ``value`` within each group of ``by`` (rows are the resampled units)."""
    rows = []
    for k, (name, g) in enumerate(df.groupby(by, sort=True)):
        est, lo, hi = bootstrap_ci(g[value], stat=stat, n_boot=n_boot, ci=ci, random_state=random_state + k)
        rows.append({by: name, "n": int(g[value].notna().sum()), "estimate": est, "low": lo, "high": hi})
    return pd.DataFrame(rows, columns=[by, "n", "estimate", "low", "high"])


def figure_density(metrics: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Figures reported per 1,000 characters, one row per relevant article (a measure of 'numeric style')."""
    rel = articles[articles["relevant"]].copy()
    counts = metrics.groupby(["doc_id", "article"]).size().rename("n_figures")
    rel = rel.merge(counts, on=["doc_id", "article"], how="left").fillna({"n_figures": 0})
    rel["figures_per_1000_chars"] = 1000 * rel["n_figures"] / rel["n_chars"].clip(lower=1)
    keep = ["doc_id", "article", "title", *[c for c in GROUP_COLUMNS if c in rel], "n_chars", "n_figures",
            "figures_per_1000_chars"]
    return rel[keep].reset_index(drop=True)


def write_workbook(tables: dict[str, pd.DataFrame], path) -> None:
    """One Excel workbook, one sheet per table (long texts cut to Excel's 32,767-character cell limit).

    Written by :func:`helpers.core.tables.write_workbook`: text that looks like a formula is quoted, never
    a formula; characters XML cannot hold are replaced; the file appears atomically and is byte-identical
    across runs."""
    from ..core.tables import write_workbook as _write

    _write(tables, path)
