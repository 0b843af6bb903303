"""Which raw inputs feed which indicator: data for input forms (the wizard, an Excel template), not a rule.

`METRIC_INPUTS` lists, per metric id of scoring.metrics, the `Inputs` fields the metric reads, in the order a
person would fill them in. `APPLICABILITY_INPUTS` names the yes/no input behind an `applicable_if` switch, and
`INDICATOR_INPUTS` the inputs of items without a metric (qualitative items backed by case lists).
A test checks every field named here exists on `Inputs` and every registered metric has an entry.
"""

from __future__ import annotations

# Inputs shared by many indicators; a form asks for them once (the wizard: on the enterprise page).
SHARED_INPUTS: tuple[str, ...] = ("output_value_wan", "product_name", "product_unit", "production_volume")

_ENERGY = ("energy", "pv_self_use_kwh", "renewable_other_tce", "feedstock_energy_tce")
_CARBON = ("energy", "green_power_trade_kwh", "gec_kwh")

METRIC_INPUTS: dict[str, tuple[str, ...]] = {
    "plot_ratio": ("land_area_m2", "building_floor_area_m2", "structure_floor_area_m2", "high_storey_extra_m2"),
    "building_coefficient_pct": ("land_area_m2", "building_footprint_m2", "structure_footprint_m2", "yard_area_m2"),
    "output_per_land_wan_m2": ("land_area_m2", "output_value_wan"),
    "energy_per_output_tce_wan": (*_ENERGY, "output_value_wan"),
    "energy_per_product": (*_ENERGY, "production_volume"),
    "energy_per_product_kgce": (*_ENERGY, "production_volume"),
    "carbon_per_output_t_wan": (*_CARBON, "output_value_wan"),
    "carbon_per_product_t": (*_CARBON, "production_volume"),
    "renewable_share_pct": (*_ENERGY, "green_power_trade_kwh", "gec_kwh"),
    "platform_function_count": ("energy_platform_functions",),
    "raw_material_per_output_t_wan": ("raw_material_t", "output_value_wan"),
    "raw_material_per_product_t": ("raw_material_t", "production_volume"),
    "green_material_pct": ("green_material_t", "same_class_material_t"),
    "water_per_output_m3_wan": ("water_withdrawal_m3", "output_value_wan"),
    "water_per_product_m3": ("water_withdrawal_m3", "production_volume"),
    "water_reuse_pct": ("water_withdrawal_m3", "water_reused_m3"),
    "wastewater_reuse_pct": ("wastewater_treated_m3", "wastewater_reused_m3"),
    "wastewater_per_product_m3": ("wastewater_m3", "production_volume"),
    "waste_gas_per_product_10k_m3": ("waste_gas_10k_m3", "production_volume"),
    "solid_waste_utilisation_pct": ("solid_waste_generated_t", "solid_waste_utilised_t",
                                    "solid_waste_past_storage_utilised_t", "solid_waste_stored_t"),
    "catalogue_tech_count": ("catalogue_tech",),
    "retrofit_projects_per_year": ("retrofit_projects_3y",),
    "retrofit_investment_share_pct": ("retrofit_investment_3y_wan", "output_value_3y_wan"),
    "pollutant_margin_pct": ("pollutants",),
    "pollutant_emission_per_output_kg_wan": ("pollutants", "output_value_wan"),
    "pollutant_per_product_kg": ("pollutants", "production_volume"),
    "footprint_coverage_pct": ("product_categories", "footprint_categories"),
    "energy_saving_product_share_pct": ("energy_saving_output_share_pct",),
    # applicability switches are metrics too; they read one yes/no input
    "energy_quota_applies": ("energy_quota_applies",),
    "energy_quota_not_applies": ("energy_quota_applies",),
    "water_quota_applies": ("water_quota_applies",),
    "water_quota_not_applies": ("water_quota_applies",),
    "efficiency_standard_applies": ("efficiency_standard_applies",),
    "efficiency_standard_not_applies": ("efficiency_standard_applies",),
}

# `applicable_if` metric → the yes/no input a form asks before the items it switches
APPLICABILITY_INPUTS: dict[str, str] = {
    m: fields[0] for m, fields in METRIC_INPUTS.items() if m.endswith("_applies")
}

# items without a metric whose answer is supported by a list of cases
INDICATOR_INPUTS: dict[str, tuple[str, ...]] = {
    "material_saving_reduce": ("material_saving_cases",),
    "material_saving_recycled": ("recycled_material_cases",),
    "green_design": ("green_design_cases",),
    "er_material_substitution": ("recycled_material_cases",),
    "prod_ecodesign": ("green_design_cases",),
}

# Which choice list of a rule-set (`RuleSet.choices`) offers the options of a multi-choice input.
CHOICE_INPUTS: dict[str, str] = {
    "energy_platform_functions": "platform_functions",
    "catalogue_tech": "tech_catalogues",
}


def inputs_for(metric: str | None, indicator_id: str = "") -> tuple[str, ...]:
    """The raw inputs behind one indicator, shared inputs included."""
    fields = METRIC_INPUTS.get(metric or "", ())
    return fields + tuple(f for f in INDICATOR_INPUTS.get(indicator_id, ()) if f not in fields)
