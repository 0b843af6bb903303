"""区级基准值 (official, admin): derive the district's yardsticks from the pool, review them, publish a version.

基准值 = the industry average, 引领值 = the level the best 5 % reach (GB/T 36132-2025 §4.4.3), per GB/T 4754 class,
falling back to group and division below the minimum number of firms (pool.yardsticks). The store versions and
audits what is published (store.yardsticks); enterprises of the district are scored with it from then on, each
keeping the version it was scored with until the user re-scores.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import NoReturn

import streamlit as st

from pool.intake import import_files, peek_template
from pool.model import Pool
from pool.yardsticks import pool_yardstick_set, summary_lines, yardstick_frame
from scoring.yardstick_set import YardstickSet
from store import Actor, StoreError
from store import yardsticks as ys_store
from ui import auth, downloads, official, pool_routes
from ui.catalogue import catalogue
from ui.charts import histogram_spec
from ui.fmt import md
from ui.i18n import lang, t
from ui.session import W
from ui.upload_budget import charge as upload_charge

who = auth.actor()
if who is None or who.role not in ("official", "admin"):
    st.stop()
actor: Actor = who  # for the functions and callbacks below (mypy keeps no narrowing of a global there)
st.title(t("ys.title"))
st.caption(t("ys.intro"))

# ---- the district -------------------------------------------------------------------------------------------
home = catalogue().district
districts = {home.id: home.name.get(lang())}
district_ids, whole = pool_routes.yardstick_districts(who)
if who.role == "official" and not whole:
    st.warning(t("ys.town_only"))
district = st.selectbox(t("ys.district"), district_ids, format_func=lambda d: districts.get(d, d), key="ys-district",
                        placeholder=t("input.choose"))
may_publish = who.role == "admin" or district in whole  # a set serves a whole district


# ---- what is published ------------------------------------------------------------------------------------------


def history() -> None:
    st.subheader(t("ys.history"))
    published = ys_store.list_sets(actor, district)
    if not published:
        st.caption(t("ys.none_published"))
    for info in published:
        line = t("ys.history_line", version=info.version, name=md(info.name), at=info.published_at.astimezone()
                 .strftime("%Y-%m-%d %H:%M"), who=md(info.published_by_name), n=info.n_firms,
                 status=info.status_label)
        cols = st.columns([6, 1])
        cols[0].markdown(line)
        if not info.withdrawn and may_publish:
            cols[1].button(t("ys.withdraw"), key=f"ys-withdraw-{info.id}",
                           on_click=_withdraw, args=(info.id,))


def _withdraw(set_id: str) -> None:
    ys_store.withdraw(actor, set_id)


def stop() -> NoReturn:
    history()
    st.stop()



# ---- the pool -----------------------------------------------------------------------------------------------
sources = {s: t(f"ys.source_{s}") for s in ("store", "file")}
source = st.radio(t("ys.source"), list(sources), format_func=sources.get, horizontal=True, key="ys-source")
pool: Pool | None = None
if source == "store":
    if "_official_pool" not in W():
        try:
            W()["_official_pool"] = official.build_pool(who)
        except StoreError as exc:
            st.error(md(str(exc)))
            stop()
    pool = W()["_official_pool"][0]
else:
    up = st.file_uploader(t("ys.upload"), type=["xlsx", "csv", "json", "zip"], key="ys-upload")
    if up is not None:
        hit = W().get("_ys_upload")
        if (hit is None or hit[0] != (up.name, up.size)) and (over := upload_charge(up.size)) is not None:
            st.error(over)
        elif hit is None or hit[0] != (up.name, up.size):
            meta = peek_template(up.getvalue(), up.name)
            p = Pool(ruleset=meta.get("ruleset"), profile=meta.get("profile"))
            res = import_files([(up.name, up.getvalue())], p.model)
            if res.blocked:
                st.error(md(res.summary()))
            else:
                p.upsert(res)
                W()["_ys_upload"] = ((up.name, up.size), p, res.summary())
        hit = W().get("_ys_upload")
        if hit is not None:
            pool = hit[1]
            st.caption(md(hit[2]))  # rows read, imported and rejected (a message, worded in the page's language)
if pool is None or not len(pool):
    st.info(t("ys.no_pool"))
    stop()

year_default = date.today().year - 1
c1, c2, c3, c4 = st.columns([3, 1, 1, 2])
with c1:
    name = st.text_input(t("ys.name"), value=t("ys.name_default", district=districts.get(district, district),
                                                 year=year_default), max_chars=200, key="ys-name")
with c2:
    year = int(st.number_input(t("ys.year"), min_value=2000, max_value=2100, value=year_default, step=1,
                               key="ys-year"))
with c3:
    min_n = int(st.number_input(t("ys.min_n"), min_value=1, max_value=1000, value=10, step=1, key="ys-min-n",
                                help=t("ys.min_n_help")))
with c4:
    weighted = st.toggle(t("ys.weighted"), value=False, key="ys-weighted", help=t("ys.weighted_help"))

ys = pool_yardstick_set(pool.frame, pool.scores(), pool.model, name=name.strip() or "—", district=district,
                        year=year, min_n=min_n, weighted=weighted)
for line in summary_lines(ys):
    st.caption(md(line))
if not ys.entries:
    st.warning(t("ys.empty", min_n=min_n))
    stop()
table = yardstick_frame(ys, pool.model)
st.dataframe(table, hide_index=True, width="stretch")

# ---- spread of one entry ---------------------------------------------------------------------------------------
names = {ind.id: ind.name.get(lang()) for _, ind in pool.model.ruleset.indicators()}
keys = sorted({(e.indicator, e.industry) for e in ys.entries if e.spread is not None})
pick = st.selectbox(t("ys.spread_of"), keys, key="ys-spread", placeholder=t("input.choose"),
                    format_func=lambda k: f"{names.get(k[0].split('@')[0], k[0])}"
                                          f"{'@' + k[0].split('@')[1] if '@' in k[0] else ''} · {k[1] or '—'}")
entry = ys.entry_index.get(pick) if pick else None
if entry is not None and entry.spread is not None:
    st.vega_lite_chart(histogram_spec(entry), key="ys-hist")

spec = pool_routes.YardstickSpec(district, name.strip() or "—", year, min_n, weighted)
for fmt, mime in (("xlsx", pool_routes.XLSX), ("json", "application/json")):  # the stored pool: from the store
    downloads.offer(t(f"ys.download_{fmt}"), url=pool_routes.yardsticks_url(spec, fmt) if source == "store" else None,
                    data=functools.partial(pool_routes.yardstick_bytes, pool, spec, fmt),
                    file_name=f"yardsticks-{district}.{fmt}", mime=mime, key=f"ys-dl-{fmt}")


def _publish(candidate: YardstickSet, n: int) -> None:
    try:
        done = ys_store.publish(actor, candidate, n_firms=n)
        W()["_ys_notice"] = ("success", t("ys.published", name=done.name, version=done.version))
    except StoreError as exc:
        W()["_ys_notice"] = ("error", str(exc))


if may_publish:
    st.button(t("ys.publish"), type="primary", key="ys-publish", on_click=_publish, args=(ys, len(pool)))
notice = W().pop("_ys_notice", None)
if notice:
    (st.success if notice[0] == "success" else st.error)(md(notice[1]))

history()
