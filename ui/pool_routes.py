"""The pool pages' downloads as download routes (ui/download_routes.py): rebuilt from the database on whichever
replica the request reaches, for the user the request authenticates, with the store checking every read.

- ``GET {base}/_download/pool/template.xlsx?ruleset=…&profile=…&lang=zh``: the pool's Excel template of a rule-set and
  profile (static: no enterprise data), for anyone signed in.
- ``GET {base}/_download/pool/ranked.xlsx?ruleset=…&profile=…&thr.<level>=…&town=…&industry=…&level=…&eligible=1
  &evidence=1&lang=zh``: an official's ranked export of the jurisdiction's stored enterprises (``ui.official
  .build_pool``: the store reads only what the official may read), with the rules and filters the page showed.
- ``GET {base}/_download/pool/yardsticks.xlsx`` / ``.json`` ``?district=…&name=…&year=…&min_n=…&weighted=1``: the
  candidate district yardstick set derived from the stored enterprises (officials and administrators, for a
  district they may choose on the page).

The pool is read again for every request, so a file reflects the database as it is at download time (an
assessment saved since the page was drawn is in it). An uploaded pool lives only in its browser session and keeps
``st.download_button`` (see ui.downloads).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from locales import Words, norm, say
from pool.analysis import RankFilter, apply_filter, indicator_summary, plan_summary, ranking
from pool.model import Pool
from pool.targets import district_progress, progress_frame
from pool.workbook import build_template, export_ranked_xlsx
from scoring.engine import Settings
from store import Actor, orgs
from ui.download_routes import Payload, Refused, one_id, url

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MAX_LIST = 200  # towns, industries or levels in one filter
_MAX_NAME = 200


# ---- what the page chose, as query values ------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """The pool's rule-set, profile and the administrator-free level thresholds typed on the page."""

    ruleset: str
    profile: str
    thresholds: Mapping[str, float]


@dataclass(frozen=True)
class YardstickSpec:
    """What the 区级基准值 page derives a candidate set with."""

    district: str
    name: str
    year: int
    min_n: int
    weighted: bool


def template_url(ruleset: str, profile: str, *, lang: str = "zh") -> str:
    return url("pool/template.xlsx", {"ruleset": ruleset, "profile": profile, "lang": norm(lang)})


def ranked_url(rules: Rules, flt: RankFilter, *, lang: str = "zh") -> str:
    query = {"ruleset": rules.ruleset, "profile": rules.profile, "lang": norm(lang),
             "town": ",".join(flt.towns), "industry": ",".join(flt.industries),
             "level": ",".join(lv or "-" for lv in flt.levels),
             "eligible": "1" if flt.eligible_only else "", "evidence": "1" if flt.missing_evidence_only else ""}
    query |= {f"thr.{k}": repr(float(v)) for k, v in sorted(rules.thresholds.items())}
    return url("pool/ranked.xlsx", query)


def yardsticks_url(spec: YardstickSpec, fmt: str) -> str:
    return url(f"pool/yardsticks.{fmt}", {"district": spec.district, "name": spec.name, "year": str(spec.year),
                                          "min_n": str(spec.min_n), "weighted": "1" if spec.weighted else ""})


def _ids(value: str | None) -> tuple[str, ...]:
    items = tuple(v for v in (value or "").split(",") if v)
    if len(items) > _MAX_LIST:
        raise Refused(400, "bad_request")
    return tuple(one_id(v) for v in items)


def _number(value: str | None, low: float, high: float) -> float:
    try:
        number = float(value or "")
    except ValueError:
        raise Refused(400, "bad_request") from None
    if not low <= number <= high:  # NaN fails too
        raise Refused(400, "bad_request")
    return number


def _rules(params: Mapping[str, str]) -> Rules:
    from criteria import load_catalogue

    cat = load_catalogue()
    rs, prof = params.get("ruleset") or "", params.get("profile") or ""
    if rs not in cat.rulesets or prof not in cat.profiles or not cat.profiles[prof].allows(rs):
        raise Refused(400, "bad_request")
    thresholds = {one_id(k[4:]): _number(v, 0.0, 100.0) for k, v in params.items() if k.startswith("thr.")}
    return Rules(rs, prof, thresholds)


def _filter(params: Mapping[str, str]) -> RankFilter:
    levels = tuple("" if lv == "-" else one_id(lv) for lv in (params.get("level") or "").split(",") if lv)
    if len(levels) > _MAX_LIST:
        raise Refused(400, "bad_request")
    return RankFilter(_ids(params.get("town")), _ids(params.get("industry")), levels,
                      params.get("eligible") == "1", params.get("evidence") == "1")


def _spec(params: Mapping[str, str]) -> YardstickSpec:
    name = (params.get("name") or "").strip()
    if len(name) > _MAX_NAME:
        raise Refused(400, "bad_request")
    return YardstickSpec(one_id(params.get("district")), name or "—", int(_number(params.get("year"), 2000, 2100)),
                         int(_number(params.get("min_n"), 1, 1000)), params.get("weighted") == "1")


# ---- the files (shared with the pages' in-memory fallbacks) ----------------------------------------------------------


def apply_rules(p: Pool, ruleset: str, profile: str, thresholds: Mapping[str, float]) -> None:
    """Score ``p`` with a rule-set, profile and level thresholds, keeping its benchmarks (what the page does)."""
    settings = Settings(benchmarks=p.settings.benchmarks, level_thresholds=dict(thresholds) or None)
    if (ruleset, profile) != (p.model.ruleset.id, p.model.profile.id) or settings != p.settings:
        p.set_rules(ruleset, profile, settings)


def filtered_rows(p: Pool, town_filter: list[str] | tuple[str, ...] | None, flt: RankFilter) -> pd.Index:
    """The frame rows the page lists: the jurisdiction's towns, then the page's filter."""
    full = ranking(p)
    if town_filter is not None:
        full = full[full["town"].isin(town_filter)]
    rank = apply_filter(full, flt)
    return p.frame.index[p.frame["uscc"].isin(rank["uscc"])]


def ranked_workbook(p: Pool, rows: pd.Index) -> bytes:
    """The ranked export of ``rows``: plan, indicators and targets sheets; an official form, so in Chinese.
    Stored enterprises keep the engine's own verdict (``Pool.stored``), as on the screen."""
    zh = Words("zh", "pool_msg.export")
    frame = p.frame.loc[rows]
    codes = set(frame["uscc"])
    sub = Pool(ruleset=p.ruleset, profile=p.profile, year=p.year, frame=frame, bench=p.bench, settings=p.settings,
               stored={k: v for k, v in p.stored.items() if k in codes})
    items = district_progress(sub.frame, sub.scores(), sub.model.profile, sub.cat.district)
    return export_ranked_xlsx([(zh("plan_sheet"), plan_summary(sub)), (zh("indicator_sheet"), indicator_summary(sub)),
                               (zh("targets_sheet"), progress_frame(items, "zh"))], sub.model, sub.frame, sub.bench,
                              [zh("scope_note", n=len(sub))])


def yardstick_districts(who: Actor) -> tuple[list[str], list[str]]:
    """(districts the 区级基准值 page offers, districts it may publish for as a whole): an official's districts
    (the ones covered whole, else every one of the jurisdiction), an administrator's every organisation's district
    and the catalogue's own."""
    from criteria import load_catalogue

    if who.role == "official":
        assert who.user_id is not None
        areas = orgs.get_jurisdiction(who, who.user_id)
        whole = sorted({a.district for a in areas if a.town is None})
        return whole or sorted({a.district for a in areas}), whole
    home = load_catalogue().district.id
    return sorted({o.district for o in orgs.list_organisations(who) if o.district} | {home}), []


def yardstick_bytes(p: Pool, spec: YardstickSpec, fmt: str) -> bytes:
    from pool.yardsticks import pool_yardstick_set, yardsticks_xlsx

    ys = pool_yardstick_set(p.frame, p.scores(), p.model, name=spec.name, district=spec.district, year=spec.year,
                            min_n=spec.min_n, weighted=spec.weighted)
    return yardsticks_xlsx(ys, p.model) if fmt == "xlsx" else ys.model_dump_json(indent=2).encode("utf-8")


# ---- the routes ------------------------------------------------------------------------------------------------------


def _template(request: Any, actor: Actor) -> Payload:
    from pool.columns import pool_model

    rules = _rules(request.query_params)
    lang = norm(request.query_params.get("lang"))
    return Payload(build_template(pool_model(rules.ruleset, rules.profile)), say(lang, "pool_page.template_file"), XLSX)


def _stored_pool(actor: Actor) -> Pool:
    from ui import official

    return official.build_pool(actor)[0]


def _ranked(request: Any, actor: Actor) -> Payload:
    from ui import official

    if actor.role != "official":  # the screening page is the officials'; the store limits what they read
        raise Refused(403, "denied")
    rules, flt = _rules(request.query_params), _filter(request.query_params)
    p = _stored_pool(actor)
    apply_rules(p, rules.ruleset, rules.profile, rules.thresholds)
    rows = filtered_rows(p, official.jurisdiction_towns(actor), flt)
    lang = norm(request.query_params.get("lang"))
    return Payload(ranked_workbook(p, rows), say(lang, "pool_page.export_file"), XLSX)


def _yardsticks(fmt: str) -> Callable[[Any, Actor], Payload]:
    def build(request: Any, actor: Actor) -> Payload:
        if actor.role not in ("official", "admin"):
            raise Refused(403, "denied")
        spec = _spec(request.query_params)
        if spec.district not in yardstick_districts(actor)[0]:
            raise Refused(403, "denied")
        mime = XLSX if fmt == "xlsx" else "application/json"
        return Payload(yardstick_bytes(_stored_pool(actor), spec, fmt), f"yardsticks-{spec.district}.{fmt}", mime)

    return build


ROUTES: list[tuple[str, Callable[[Any, Actor], Payload]]] = [
    ("pool/template.xlsx", _template),
    ("pool/ranked.xlsx", _ranked),
    ("pool/yardsticks.xlsx", _yardsticks("xlsx")),
    ("pool/yardsticks.json", _yardsticks("json")),
]
