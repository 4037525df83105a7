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


#: Ratios whose value the reports also state: ratio name → the indicator of the stated rate.
STATED_RATES = {"rectification_rate_computed": "rectification_rate"}
#: A stated rate agrees with the computed one within this many percentage points (reports round).
STATED_TOLERANCE = 1.0
#: Numerator and denominator of a ratio come from one passage: at most this many characters apart.
ROUND_SPAN = 300
RATIO_COLUMNS = ["doc_id", "article", "scope_period", "period", *GROUP_COLUMNS, "ratio", "label", "numerator",
                 "denominator", "value", "stated", "stated_vs_computed", "quote"]


def once_per_report(table: pd.DataFrame, articles: pd.DataFrame | None, *, count_reprints: bool = False
                    ) -> pd.DataFrame:
    """The rows of ``table`` (figures, or articles) that count when each report counts once: rows of an
    article that reprints another (``canonical`` False in ``articles``, from
    :func:`helpers.pages.reprints.flag_canonical`) are dropped, unless ``count_reprints``. Without
    ``articles`` or a ``canonical`` column nothing is dropped. ``attrs["reprints_dropped"]`` says how many rows
    were left out."""
    if count_reprints or articles is None or "canonical" not in articles.columns or table.empty:
        out = table.copy()
        out.attrs["reprints_dropped"] = 0
        return out
    copies = articles.loc[~articles["canonical"].fillna(True).astype(bool), ["doc_id", "article"]]
    if copies.empty:
        out = table.copy()
        out.attrs["reprints_dropped"] = 0
        return out
    drop = pd.MultiIndex.from_arrays([copies["doc_id"].astype(str), copies["article"].astype("int64")])
    key = pd.MultiIndex.from_arrays([table["doc_id"].astype(str), table["article"].astype("int64")])
    keep = ~key.isin(drop)
    out = table[keep].reset_index(drop=True)
    out.attrs["reprints_dropped"] = int((~keep).sum())
    return out


def _with_groups(metrics: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    return attach_metadata(metrics, document_metadata(documents), ["place", "admin_level", "province", "date", "year",
                                                                         "source"])


def _flag(df: pd.DataFrame, column: str) -> pd.Series:
    """A boolean view of a flag column that may be missing, empty or NaN (older metrics tables)."""
    if column not in df.columns:
        return pd.Series(False, index=df.index)
    col = df[column]
    return col.notna() & (col.astype(str).str.strip() != "") if col.dtype == object else col.notna()


def headline_figures(metrics: pd.DataFrame) -> pd.DataFrame:
    """The figures that may be compared or combined: reported totals, never a part of a total (其中…, 含…),
    a summary repeating a figure, or a planned figure. Works without the flag columns (keeps every row)."""
    keep = ~_flag(metrics, "part_of") & ~_flag(metrics, "repeat_of")
    if "kind" in metrics.columns:
        keep &= metrics["kind"].fillna("reported").isin(["reported", ""])
    return metrics[keep]


def _period_flag(df: pd.DataFrame) -> pd.Series:
    return df["period"].fillna("") if "period" in df.columns else pd.Series("", index=df.index)


def indicator_table(metrics: pd.DataFrame, documents: pd.DataFrame, *,
                    indicators: Sequence[str] | None = KEY_INDICATORS, totals_only: bool = False,
                    articles: pd.DataFrame | None = None, count_reprints: bool = False) -> pd.DataFrame:
    """One row per reported figure of the chosen indicators, with place, admin level, year, scope and the
    extraction's flags (``part_of``, ``repeat_of``, ``period`` …) and the indicator's Chinese name.

    Nothing is summed: a report may give a yearly and a cumulative figure for the same indicator,
    told apart by ``scope_period`` and ``period``. With ``totals_only`` parts and repeats are left out.
    Given ``articles`` with a ``canonical`` column, figures of reprints are left out (each report counted
    once) unless ``count_reprints`` (:func:`once_per_report`).
    """
    from ..core.labels import add_indicator_names

    df = _with_groups(once_per_report(metrics, articles, count_reprints=count_reprints), documents)
    if totals_only:
        df = headline_figures(df)
    if indicators is not None:
        df = df[df["indicator"].isin(indicators)]
    cols = ["doc_id", "article", *GROUP_COLUMNS, "source", "indicator", "value", "value_high", "unit", "qualifier",
            "scope_period", "period", "kind", "figure_id", "part_of", "repeat_of", "needs_review", "confidence",
            "scope_body", "value_text", "quote"]
    out = df[[c for c in cols if c in df.columns]].reset_index(drop=True)
    return add_indicator_names(out)


def tidy_indicators(metrics: pd.DataFrame, documents: pd.DataFrame, *, articles: pd.DataFrame | None = None,
                    count_reprints: bool = False) -> pd.DataFrame:
    """The research table, tidy: one row per figure tied to an indicator (``other`` left out), with the
    document metadata, the Chinese indicator name and every flag a researcher needs before adding up.
    Figures of reprints are left out when ``articles`` flags them (:func:`once_per_report`)."""
    table = indicator_table(metrics, documents, indicators=None, articles=articles, count_reprints=count_reprints)
    table = table[table["indicator"] != "other"].reset_index(drop=True)
    table.insert(table.columns.get_loc("value"), "is_total", ~_flag(table, "part_of") & ~_flag(table, "repeat_of"))
    return table


def wide_indicators(tidy: pd.DataFrame) -> pd.DataFrame:
    """The research table, wide: one row per place × year × period (``scope_period`` and the current/
    cumulative/earlier flag), one column per indicator holding the first total the reports give.

    Parts and repeats never enter a cell; ``flags`` says where a cell had a choice (several totals) or a
    figure needs review, and ``parts_left_out`` how many parts were not added."""
    keys = ["place", "admin_level", "province", "year", "scope_period", "period"]
    if tidy.empty:
        return pd.DataFrame(columns=[*keys, "n_reports", "flags", "parts_left_out"])
    df = tidy.copy()
    for k in keys:
        if k not in df.columns:
            df[k] = ""
    df[keys] = df[keys].astype("string").fillna("")
    rows = []
    for key, g in df.groupby(keys, sort=True, dropna=False):
        t = g[g["is_total"]]  # the group's totals (not an intersection with all totals: linear in the rows)
        row = dict(zip(keys, key))
        flags = []
        for ind, gi in t.groupby("indicator", sort=False):
            row[ind] = gi["value"].iloc[0]
            if gi["value"].nunique() > 1:
                flags.append(f"{ind}: {gi['value'].nunique()} different totals, first kept")
        review = sorted(set(g.loc[g.get("needs_review", pd.Series(False, index=g.index)).fillna(False).astype(bool),
                                  "indicator"]))
        if review:
            flags.append("needs review: " + ", ".join(review))
        row.update(n_reports=g[["doc_id", "article"]].drop_duplicates().shape[0], flags="; ".join(flags),
                   parts_left_out=int((~g["is_total"]).sum()))
        rows.append(row)
    out = pd.DataFrame(rows)
    indicators = [c for c in out.columns if c not in [*keys, "n_reports", "flags", "parts_left_out"]]
    order = [i for i in KEY_INDICATORS if i in indicators] + sorted(i for i in indicators if i not in KEY_INDICATORS)
    return out[[*keys, *order, "n_reports", "flags", "parts_left_out"]]


def _nearest(candidates: list[int], starts: list[int], pos: int, span: int) -> int | None:
    """The candidate (a row number) closest before ``pos`` (else closest after), at most ``span`` characters
    away; ``candidates`` in text order."""
    before = [j for j in candidates if starts[j] <= pos and pos - starts[j] <= span]
    if before:
        return before[-1]
    after = [j for j in candidates if starts[j] > pos and starts[j] - pos <= span]
    return after[0] if after else None


def _check(stated: float, computed: float, tolerance: float) -> str:
    if pd.isna(stated):
        return "not stated"
    if pd.isna(computed):
        return "stated only"
    return "agrees" if abs(stated - computed) <= tolerance else f"disagrees by {computed - stated:+.1f}"


def indicator_ratios(metrics: pd.DataFrame, documents: pd.DataFrame, *,
                     ratios: dict[str, tuple[str, str, float, str]] = RATIOS,
                     stated_rates: dict[str, str] = STATED_RATES, span: int = ROUND_SPAN,
                     tolerance: float = STATED_TOLERANCE, articles: pd.DataFrame | None = None,
                     count_reprints: bool = False) -> pd.DataFrame:
    """Ratios inside one report and one round: numerator and denominator from the same article, the same
    period (``scope_period`` and the cumulative/current flag) and the same passage (the denominator nearest
    before the numerator, at most ``span`` characters away). Parts of totals and repeated figures never enter.

    Where the text states the rate itself (整改率95%), ``stated`` holds it and ``stated_vs_computed`` says
    ``agrees`` (within ``tolerance`` points), ``disagrees by …``, ``not stated``, or ``stated only`` (a
    stated rate without counts to check it: a row with no computed value). Ratios of reprints are left out
    when ``articles`` flags them (:func:`once_per_report`), unless ``count_reprints``.
    """
    metrics = once_per_report(metrics, articles, count_reprints=count_reprints)
    df = headline_figures(_with_groups(metrics, documents))
    df = df.assign(scope_period=df["scope_period"].fillna("") if "scope_period" in df else "",
                   period=_period_flag(df)).sort_values(["doc_id", "article", "start"], kind="stable")
    meta = [c for c in GROUP_COLUMNS if c in df.columns]
    # one pass over plain lists (no pandas work per report: linear in the number of figures)
    col = {c: df[c].tolist() for c in {"doc_id", "article", "scope_period", "period", "indicator", "start",
                                       "value", *meta, *(["quote"] if "quote" in df.columns else [])}}
    starts, values, indicators = [int(x) for x in col["start"]], col["value"], col["indicator"]
    quotes = col.get("quote", [""] * len(df))
    rounds: dict[tuple, list[int]] = {}  # (doc_id, article, scope_period, period) -> rows in text order
    for i, key in enumerate(zip(col["doc_id"], col["article"], col["scope_period"], col["period"])):
        if not any(k is None or (isinstance(k, float) and np.isnan(k)) for k in key):
            rounds.setdefault(key, []).append(i)
    rows, used_stated = [], set()
    for (doc, art, scope, period), members in rounds.items():
        for name, (num, den, mult, label) in ratios.items():
            dens = [i for i in members if indicators[i] == den]
            stated_ind = stated_rates.get(name)
            stated_rows = [i for i in members if indicators[i] == stated_ind] if stated_ind else []
            for n in members:
                if indicators[n] != num:
                    continue
                d = _nearest(dens, starts, starts[n], span)
                if d is None or not values[d]:
                    continue
                value = mult * values[n] / values[d]
                # the stated rate of this round: after its denominator, the nearest to the numerator (the first
                # of equally near ones)
                later = [j for j in stated_rows if starts[j] > starts[d] and abs(starts[j] - starts[n]) <= span]
                s = min(later, key=lambda j: abs(starts[j] - starts[n])) if later else None
                if s is not None:
                    used_stated.add(s)
                stated = values[s] if s is not None else np.nan
                rows.append(dict(doc_id=doc, article=art, scope_period=scope, period=period,
                                 **{c: col[c][n] for c in meta}, ratio=name, label=label, numerator=values[n],
                                 denominator=values[d], value=value, stated=stated,
                                 stated_vs_computed=_check(stated, value, tolerance) if stated_ind else "",
                                 quote=quotes[n]))
            for s in stated_rows:
                if s not in used_stated:
                    used_stated.add(s)
                    rows.append(dict(doc_id=doc, article=art, scope_period=scope, period=period,
                                     **{c: col[c][s] for c in meta}, ratio=name, label=label, numerator=np.nan,
                                     denominator=np.nan, value=np.nan, stated=values[s],
                                     stated_vs_computed="stated only", quote=quotes[s]))
    return pd.DataFrame(rows, columns=RATIO_COLUMNS)


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


def figure_density(metrics: pd.DataFrame, articles: pd.DataFrame, *, count_reprints: bool = False) -> pd.DataFrame:
    """Figures reported per 1,000 characters, one row per relevant article (a measure of 'numeric style');
    a reprint of another article (``canonical`` False, when the column is there) is left out unless
    ``count_reprints``."""
    # the columns it reports, not the texts (a large corpus's would be copied twice)
    cols = ["doc_id", "article", "title", *[c for c in GROUP_COLUMNS if c in articles], "n_chars"]
    rel = once_per_report(articles.loc[articles["relevant"], cols], articles, count_reprints=count_reprints)
    counts = metrics.groupby(["doc_id", "article"]).size().rename("n_figures")
    rel = rel.merge(counts, on=["doc_id", "article"], how="left").fillna({"n_figures": 0})
    rel["figures_per_1000_chars"] = 1000 * rel["n_figures"] / rel["n_chars"].clip(lower=1)
    keep = ["doc_id", "article", "title", *[c for c in GROUP_COLUMNS if c in rel], "n_chars", "n_figures",
            "figures_per_1000_chars"]
    return rel[keep].reset_index(drop=True)


def write_workbook(tables: dict[str, pd.DataFrame], path, *, max_rows: int = 0,
                   full_tables: dict[str, str] | None = None) -> None:
    """One Excel workbook, one sheet per table (long texts cut to Excel's 32,767-character cell limit).

    Written by :func:`helpers.core.tables.write_workbook`: text that looks like a formula is quoted, never
    a formula; characters XML cannot hold are replaced; the file appears atomically and is byte-identical
    across runs. ``max_rows``: a table of more rows is left out, and a first sheet ``notes`` says which and where
    the whole table is (``full_tables``: table name -> files; default ``<name>.csv``); 0 keeps every table."""
    from ..core.tables import write_workbook as _write

    _write(tables, path, max_rows=max_rows, full_tables=full_tables)
