"""The live 综合能耗 (tce) on the energy page with its working: one line per carrier, value × coefficient = tce, with
the coefficients the engine uses (reference.yaml's GB/T 2589 当量值; electricity by the assessment's basis)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from criteria.schema import Reference
from scoring.fields import label
from scoring.metrics import electricity_coefficient
from scoring.models import Assessment
from scoring.units import fmt
from ui.i18n import lang, t


def _tce(v: float) -> str:
    """tce with two decimals and thousands separators, the same on every line and the total (so the lines add up
    as shown)."""
    return f"{v:,.2f}"


@dataclass(frozen=True)
class Working:
    lines: list[str]
    total_tce: float | None  # None: no carrier entered


def working(a: Assessment, ref: Reference, lg: str = "zh") -> Working:
    """综合能耗 = Σ carrier × coefficient + self-used renewable power + other renewables − feedstock (as the engine's
    scoring.metrics._energy_total), each term a line."""
    opts = a.options
    elec = electricity_coefficient(ref, opts.electricity_basis, opts.electricity_equivalent_kgce_per_kwh)
    lines: list[str] = []
    total_kgce = 0.0
    entered = False
    for c in ref.carriers:
        amount = a.inputs.energy.get(c.id) if isinstance(a.inputs.energy, dict) else None
        if amount is None:
            continue
        entered = True
        coef = elec if c.is_electricity else float(c.kgce_per_unit.value or 0)
        total_kgce += amount * coef
        lines.append(t("energy_working.line", name=c.name.get(lg), value=fmt(amount), unit=c.unit, coef=f"{coef:g}",
                       tce=_tce(amount * coef / 1000)))
    pv = a.inputs.pv_self_use_kwh
    if pv:
        total_kgce += pv * elec
        lines.append(t("energy_working.pv", name=label("pv_self_use_kwh", lg, False), value=fmt(pv),
                       coef=f"{elec:g}", tce=_tce(pv * elec / 1000)))
    other, feed = a.inputs.renewable_other_tce, a.inputs.feedstock_energy_tce
    if other:
        lines.append(t("energy_working.other", name=label("renewable_other_tce", lg, False), tce=_tce(other)))
    if feed:
        lines.append(t("energy_working.feed", name=label("feedstock_energy_tce", lg, False), tce=_tce(feed)))
    if not entered and not pv:
        return Working(lines, None)
    return Working(lines, total_kgce / 1000 + (other or 0) - (feed or 0))


def show(a: Assessment, ref: Reference) -> None:
    """One bordered box, drawn as a single markdown element (cheap on every rerun)."""
    w = working(a, ref, lang())
    basis = t("energy_working.basis_coal" if a.options.electricity_basis == "equivalent_coal"
              else "energy_working.basis_heat")
    with st.container(border=True, key="energy-working"):
        if w.total_tce is None:
            st.markdown(f"**{t('energy_working.title')}**　{t('energy_working.none')}")
            return
        body = "\n".join(f"- {line}" for line in w.lines)
        st.markdown(f"**{t('energy_working.title')}**（{basis}）\n\n{body}\n\n"
                    f"{t('energy_working.total', total=_tce(w.total_tce))}")
