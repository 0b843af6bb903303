"""An enterprise pool (培育库): rows keyed by 统一社会信用代码, the pool's benchmark table, the rule-set, profile and
settings it is scored with, upsert of an import, and the scores (cached until the pool changes). What a district
reads from a pool (ranking, grades, distributions, closest to the next level) is `pool.analysis`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pandas as pd

from criteria import Catalogue, load_catalogue
from locales import Msg
from pool.batch import score_frame
from pool.columns import ColumnModel, empty_bench, pool_model, row_to_assessment
from pool.messages import pmsg
from pool.stored import Stored, overlay
from pool.validation import ImportResult
from scoring.engine import Settings, score
from scoring.models import Assessment, Result


@dataclass
class UpsertReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    bench_replaced: bool = False

    def summary(self) -> Msg:
        """Added, updated, unchanged (and whether the benchmark table was replaced)."""
        return pmsg("upsert.bench" if self.bench_replaced else "upsert.summary", added=len(self.added),
                    updated=len(self.updated), unchanged=self.unchanged)


@dataclass
class Pool:
    """Rows (one per 统一社会信用代码) + the pool's benchmark table + the rule-set, profile and settings."""

    ruleset: str | None = None
    profile: str | None = None
    year: int = 2025
    frame: pd.DataFrame = field(default_factory=pd.DataFrame)  # none given: the rule-set's empty frame
    bench: pd.DataFrame = field(default_factory=empty_bench)
    settings: Settings = field(default_factory=Settings)
    catalogue: Catalogue | None = None
    stored: dict[str, Stored] = field(default_factory=dict)  # by 统一社会信用代码: scored by the engine (pool.stored)
    _scores: pd.DataFrame | None = field(default=None, repr=False)
    _rank: pd.DataFrame | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.frame.columns.empty:
            self.frame = self.model.empty_frame()
        self._align()

    @property
    def model(self) -> ColumnModel:
        return pool_model(self.ruleset, self.profile, self.catalogue)

    @property
    def cat(self) -> Catalogue:
        return self.catalogue or load_catalogue()

    def __len__(self) -> int:
        return len(self.frame)

    def _align(self) -> None:
        """Every accepted column exists with its dtype (columns of another rule-set's answers are kept)."""
        for cid, dt in self.model.frame_dtypes().items():
            if cid not in self.frame.columns:
                self.frame[cid] = pd.Series([None] * len(self.frame), dtype=dt, index=self.frame.index) \
                    if dt != "float64" else np.nan
        self.frame = self.frame.reset_index(drop=True)
        self._scores = self._rank = None

    def changed(self) -> None:
        """Call after editing `frame` or `bench` directly: the scores and the ranking are computed again."""
        self._scores = self._rank = None

    def set_rules(self, ruleset: str | None, profile: str | None, settings: Settings | None = None) -> None:
        self.ruleset, self.profile = ruleset, profile
        if settings is not None:
            self.settings = settings
        self._align()

    def upsert(self, result: ImportResult) -> UpsertReport:
        """Add new enterprises and update existing ones by 统一社会信用代码 (never a duplicate). Columns the file
        did not have keep the pool's values; a file with a benchmark sheet replaces the pool's table."""
        rep = UpsertReport()
        new = result.frame
        if result.bench is not None:
            self.bench = result.bench
            rep.bench_replaced = True
        if new.empty:
            self._scores = self._rank = None
            return rep
        cols = [c for c in (result.columns or list(new.columns)) if c in new.columns and c in self.frame.columns]
        pos = pd.Series(np.arange(len(self.frame)), index=self.frame["uscc"].to_numpy())
        codes = new["uscc"].to_numpy(dtype=object)
        known = pd.Index(codes).isin(pos.index)
        old_rows = pos.loc[codes[known]].to_numpy()
        new_rows = np.flatnonzero(known)
        if len(new_rows):
            differs = np.zeros(len(new_rows), dtype=bool)
            for c in cols:
                a = self.frame[c].iloc[old_rows].reset_index(drop=True)
                b = new[c].iloc[new_rows].reset_index(drop=True)
                same = (a == b).fillna(False).to_numpy(dtype=bool) | (a.isna() & b.isna()).to_numpy()
                differs |= ~same
            upd_old, upd_new = old_rows[differs], new_rows[differs]
            for c in cols:
                self.frame.loc[self.frame.index[upd_old], c] = new[c].iloc[upd_new].to_numpy()
            rep.updated = codes[new_rows[differs]].tolist()
            for code in rep.updated:  # a file's newer data replaces a stored assessment's verdict
                self.stored.pop(code, None)
            rep.unchanged = int((~differs).sum())
        added = np.flatnonzero(~known)
        if len(added):
            extra = new.iloc[added]
            rep.added = codes[added].tolist()
            extra = extra.reindex(columns=self.frame.columns)
            self.frame = extra.reset_index(drop=True) if self.frame.empty else \
                pd.concat([self.frame, extra], ignore_index=True)
            self.frame = self.frame.astype({c: t for c, t in self.model.frame_dtypes().items()
                                            if c in self.frame.columns and str(self.frame[c].dtype) != t})
        self._align()
        return rep

    def remove(self, usccs: list[str]) -> None:
        self.frame = self.frame[~self.frame["uscc"].isin(usccs)]
        for code in usccs:
            self.stored.pop(code, None)
        self._align()

    def scores(self) -> pd.DataFrame:
        if self._scores is None:
            scores = score_frame(self.frame, self.model, self.bench, catalogue=self.catalogue,
                                 settings=self.settings, default_year=self.year)
            self._scores = overlay(scores, self.frame, self.stored, [lv.id for lv in self.model.profile.levels],
                                   self.catalogue)
        return self._scores

    def position(self, uscc: str) -> int:
        hits = np.flatnonzero(self.frame["uscc"].to_numpy(dtype=object) == uscc)
        if not len(hits):
            raise KeyError(uscc)
        return int(hits[0])

    def assessment(self, uscc: str) -> Assessment:
        if uscc in self.stored:  # the stored original, not its flat copy
            return self.stored[uscc].assessment
        row = cast(dict[str, Any], self.frame.iloc[self.position(uscc)].to_dict())  # columns are names
        return row_to_assessment(row, self.model, self.bench, self.year)

    def result(self, uscc: str) -> Result:
        """The engine's full result (working, gaps) for one enterprise: the drill-down."""
        if uscc in self.stored:
            return self.stored[uscc].result(self.catalogue)
        return score(self.assessment(uscc), self.catalogue, settings=self.settings)
