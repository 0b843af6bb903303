"""A scoring.compare.Comparison drawn: the total, level and eligibility side by side, the dimensions and the
indicators that moved. Shared by 前后对比 (two assessments) and 保存历史 (two revisions of one)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from scoring.compare import Comparison
from scoring.models import Result
from ui.fmt import num
from ui.i18n import say_msg, t


def _yes(flag: bool) -> str:
    return t("compare.yes") if flag else t("compare.no")


def headline(cmp: Comparison, *, before: str, after: str) -> None:
    """Three figures of the ``after`` side with what they were on the ``before`` side."""
    m = st.columns(3)
    m[0].metric(t("compare.total_of", side=after), f"{cmp.total_after:.2f}", f"{cmp.total_delta:+.2f}")
    m[1].metric(t("compare.level_of", side=after), say_msg(cmp.level_after) or t("sb.no_level"),
                t("compare.was", side=before, value=say_msg(cmp.level_before) or t("sb.no_level")), delta_color="off")
    m[2].metric(t("compare.eligible_of", side=after), _yes(cmp.eligible_after),
                t("compare.was", side=before, value=_yes(cmp.eligible_before)), delta_color="off")


def figures(result: Result) -> None:
    """One result's total, level and dimension scores (when there is nothing to compare it with)."""
    m = st.columns(2)
    m[0].metric(t("results.total"), f"{result.total:.2f}")
    m[1].metric(t("compare.level_only"), say_msg(result.level_name) or t("sb.no_level"))
    st.dataframe(pd.DataFrame([{t("compare.dimension"): say_msg(d.name), t("compare.points"): round(d.score, 2),
                                t("compare.max"): d.max} for d in result.dimensions]), hide_index=True)


def dimension_rows(cmp: Comparison, *, before: str, after: str) -> list[dict[str, Any]]:
    return [{t("compare.dimension"): say_msg(d.name), before: round(d.points_before, 2),
             after: round(d.points_after, 2), t("compare.delta"): round(d.points_delta, 2), t("compare.max"): d.max}
            for d in cmp.dimensions]


def dimensions(cmp: Comparison, *, before: str, after: str) -> None:
    st.dataframe(pd.DataFrame(dimension_rows(cmp, before=before, after=after)), hide_index=True)


def indicator_rows(cmp: Comparison, *, only_changed: bool, before: str, after: str) -> list[dict[str, Any]]:
    dim_names = {d.id: say_msg(d.name) for d in cmp.dimensions}
    return [{t("compare.dimension"): dim_names.get(d.dimension, ""), t("compare.indicator"): say_msg(d.name),
             t("compare.value_of", side=before): num(d.before), t("compare.value_of", side=after): num(d.after),
             t("compare.unit"): d.unit, before: round(d.points_before, 2), after: round(d.points_after, 2),
             t("compare.delta"): round(d.points_delta, 2)}
            for d in cmp.indicators if not only_changed or abs(d.points_delta) > 1e-9 or d.value_delta]
