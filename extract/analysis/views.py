"""The questions analysts ask, as DataFrames: findings in context, each
framework's grade against the nation, and grades across forces and years.

The DuckDB export defines the same views in SQL (``extract.analysis.sql``);
a test checks that both give the same rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from extract.analysis.dataset import Dataset, ordered, to_frame
from extract.output.keys import GRADE_CATEGORIES, GRADE_ORDER

if TYPE_CHECKING:
    import pandas as pd

# Report columns put beside every view row.
REPORT_COLUMNS = ["report_id", "report_key", "force", "force_id", "year"]


def _reports(ds: Dataset) -> pd.DataFrame:
    reports = ds["reports"]
    # A report listed under several paths has one row per path: one is enough.
    return reports[reports["status"] != "failed"][REPORT_COLUMNS].drop_duplicates("report_id")


def findings_detail(ds: Dataset) -> pd.DataFrame:
    """One row per finding with its force, year, domain, framework, and the
    framework's grade and direction."""
    frameworks = ds["frameworks"][["report_id", "code", "domain", "grade", "direction"]]
    findings = ds["findings"].merge(_reports(ds), on="report_id").merge(
        frameworks, on=["report_id", "code"], how="left")
    columns = [*REPORT_COLUMNS, "domain_number", "domain", "code", "framework_title", "grade",
               "direction", "category", "item_no", "parent_item_no", "text", "page_start",
               "page_end"]
    return findings[columns].sort_values(
        ["force_id", "year", "report_key", "code", "category", "item_no"],
        ignore_index=True)


def framework_vs_nation(ds: Dataset) -> pd.DataFrame:
    """One row per report and framework: its grade and direction, the
    national distribution printed under it (forces per grade), the modal
    grade (the grade most forces got; of a tie, the lower), and the force's
    position: how many forces were graded better, the same (itself
    included) and worse, and ``vs_modal`` (below, at or above the modal grade)."""
    import pandas as pd
    national = _national(ds)
    frameworks = ds["frameworks"][["report_id", "domain_number", "domain", "code", "title",
                                   "grade", "grade_rank", "direction", "direction_rank"]]
    out = frameworks.merge(_reports(ds), on="report_id").merge(
        national, on=["report_id", "code"], how="left")
    # No position without a grade or a distribution to place it in.
    rank = out["grade_rank"].where(out["national_forces"].notna())
    per_grade = {i: out[f"national_{g.lower()}"] for i, g in enumerate(GRADE_ORDER, start=1)}
    better = sum((per_grade[i].where(rank < i, 0) for i in per_grade), start=0 * rank)
    worse = sum((per_grade[i].where(rank > i, 0) for i in per_grade), start=0 * rank)
    same = sum((per_grade[i].where(rank == i, 0) for i in per_grade), start=0 * rank)
    out["forces_better"], out["forces_same"], out["forces_worse"] = better, same, worse
    diff = rank - out["modal_grade_rank"]
    out["vs_modal"] = pd.Series(pd.NA, index=out.index, dtype="string")
    out.loc[diff < 0, "vs_modal"] = "below"
    out.loc[diff == 0, "vs_modal"] = "at"
    out.loc[diff > 0, "vs_modal"] = "above"
    out["modal_grade"] = ordered(out["modal_grade"].astype("string"), GRADE_CATEGORIES)
    columns = [*REPORT_COLUMNS, "domain_number", "domain", "code", "title", "grade",
               "grade_rank", "direction", "direction_rank",
               *(f"national_{g.lower()}" for g in GRADE_ORDER), "national_forces",
               "modal_grade", "modal_grade_rank", "forces_better", "forces_same",
               "forces_worse", "vs_modal"]
    return out[columns].sort_values(["force_id", "year", "report_key", "code"],
                                    ignore_index=True)


def _national(ds: Dataset) -> pd.DataFrame:
    """Per report and framework: forces per grade, their sum, and the modal grade."""
    import pandas as pd
    dist = ds.arrow("grade_distribution").select(["report_id", "code", "grade", "forces"])
    counts = to_frame(dist)
    counts["grade"] = counts["grade"].astype("string")
    wide = counts.pivot_table(index=["report_id", "code"], columns="grade", values="forces",
                              aggfunc="sum", observed=True)
    if counts.empty:   # no distribution at all: pandas' pivot gives no index to keep
        wide = pd.DataFrame(index=pd.MultiIndex.from_arrays(
            [counts["report_id"], counts["code"]], names=["report_id", "code"]))
    wide = wide.reindex(columns=list(GRADE_ORDER)).fillna(0).astype("Int32")
    national = pd.DataFrame({f"national_{g.lower()}": wide[g] for g in GRADE_ORDER},
                            index=wide.index)
    national["national_forces"] = wide.sum(axis=1).astype("Int32")
    # Of tied grades the lower is modal: idxmax returns the first, and the
    # columns run from Poor up.
    modal = wide.idxmax(axis=1) if len(wide) else pd.Series(pd.NA, index=wide.index,
                                                            dtype="string")
    national["modal_grade"] = modal.where(wide.sum(axis=1) > 0)
    national["modal_grade_rank"] = national["modal_grade"].map(
        {g: i for i, g in enumerate(GRADE_ORDER, start=1)}).astype("Int32")
    return national.reset_index()


def grades_by_year(ds: Dataset) -> pd.DataFrame:
    """One row per force and year, one column per framework code holding its
    grade: a force's grades across years, whatever the form of its name."""
    import pandas as pd
    frameworks = ds["frameworks"][["report_id", "code", "grade"]].merge(
        _reports(ds), on="report_id")
    frameworks["grade"] = frameworks["grade"].astype("string")
    # Two reports of one force and year: the grades of the first by key.
    frameworks = frameworks.sort_values(["report_key", "code"])
    keys = ["force_id", "year"]
    wide = frameworks.pivot_table(index=keys, columns="code", values="grade",
                                  aggfunc="first", dropna=False, observed=True)
    names = frameworks.sort_values(["force_id", "year", "report_key"]).drop_duplicates(keys)
    out = names[[*keys, "force", "report_key"]].merge(wide.reset_index(), on=keys, how="left")
    codes = sorted(wide.columns)
    for code in codes:
        out[code] = ordered(out[code].astype("string"), GRADE_CATEGORIES)
    out.columns.name = None
    return pd.DataFrame(out[[*keys, "force", "report_key", *codes]]).sort_values(
        keys, ignore_index=True)
