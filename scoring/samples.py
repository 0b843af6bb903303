"""Fictitious sector samples scored against shipped national quotas (`python -m scoring example --sample …`).

Each starts from the default sample (``scoring.example``) and replaces what makes the sector: the enterprise,
its industry code, energy use, output and its main products with their quota products. Every enterprise and
figure is invented; the quota values come from the catalogue (``criteria/quotas``), not from here.

* ``cement``: a clinker line (GB/T 4754 3011) of 1.2 Mt clinker a year at 103 kgce/t, scored against
  GB 16780-2021 熟料单位产品综合能耗 (1级 100, 2级 107 kgce/t) and GB/T 18916.62-2022 熟料取水定额.
* ``fibre``: a polyester filament spinner (2822), evaluation year 2026, when GB 36889-2025 is in force: four
  products, of which the top three by 综合能耗 count, weighted by their 综合能耗.
"""

from __future__ import annotations

from collections.abc import Callable

from criteria import Catalogue
from scoring.example import SAMPLE, example_assessment
from scoring.models import Assessment, Benchmark, Product


def _cement(a: Assessment) -> None:
    a.enterprise = a.enterprise.model_copy(update={
        "name": "示例企业·海曙示范水泥熟料有限公司（虚构）", "industry": "3011"})
    a.inputs = a.inputs.model_copy(update={
        "product_name": "水泥熟料", "product_unit": "t", "production_volume": 1_200_000,
        "output_value_wan": 42_000, "land_area_m2": 320_000, "building_floor_area_m2": 210_000,
        "structure_floor_area_m2": 60_000, "building_footprint_m2": 120_000, "structure_footprint_m2": 40_000,
        "yard_area_m2": 20_000,
        "energy": {"raw_coal": 168_000, "electricity": 66_000_000, "diesel": 200},
        "water_withdrawal_m3": 360_000, "water_reused_m3": 2_400_000,
        "energy_quota_applies": None, "water_quota_applies": None,
        "products": [Product(name="水泥熟料", quota="gb16780_2021/clinker", output=1_200_000, energy_tce=123_600,
                             water_quota="gbt18916_62_2022/clinker", water_m3=360_000)],
    })


# (name, quota product id in GB 36889-2025, output t, 单位产品能耗 kgce/t)
FIBRE_PRODUCTS: tuple[tuple[str, str, float, float], ...] = (
    ("聚酯熔体（聚合）", "pet_polymer", 300_000, 88.0),
    ("涤纶 POY（熔体直纺）", "pet_direct_poy", 200_000, 42.0),
    ("涤纶 FDY（熔体直纺）", "pet_direct_fdy", 80_000, 55.0),
    ("涤纶 DTY（喷嘴压力 0.12–0.35 MPa）", "pet_dty_012_035", 50_000, 125.0),
)


def _fibre(a: Assessment) -> None:
    a.year = 2026
    a.enterprise = a.enterprise.model_copy(update={
        "name": "示例企业·海曙示范化纤长丝有限公司（虚构）", "industry": "2822"})
    a.inputs = a.inputs.model_copy(update={
        "product_name": "涤纶长丝", "product_unit": "t", "production_volume": 330_000,
        "output_value_wan": 280_000,
        "energy": {"electricity": 300_000_000, "natural_gas": 8_000_000},
        "energy_quota_applies": None,
        "products": [Product(name=name, quota=f"gb36889_2025/{pid}", output=out, unit_consumption=kgce,
                             energy_tce=out * kgce / 1000) for name, pid, out, kgce in FIBRE_PRODUCTS],
    })


def _large_user(a: Assessment) -> None:
    """Both samples use over 10,000 tce a year: the renewable share's yardsticks of that band, entered."""
    a.benchmarks["renewable_share@ge10000"] = Benchmark(baseline=0, leading=15, source=SAMPLE)


SAMPLES: dict[str, Callable[[Assessment], None]] = {"cement": _cement, "fibre": _fibre}


def sample_assessment(name: str, ruleset_id: str = "gbt36132_2025_platform", profile_id: str | None = None,
                      catalogue: Catalogue | None = None) -> Assessment:
    """A sector sample; KeyError for an unknown name (the CLI offers the choices)."""
    make = SAMPLES[name]
    a = example_assessment(ruleset_id, profile_id, catalogue)
    make(a)
    _large_user(a)
    return a
