"""Labels and units of the raw inputs, shared by the engine's explanations, the wizard, the Excel template
and error messages, so a field is named the same way everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from criteria.schema import Text, pick
from locales import say


@dataclass(frozen=True)
class FieldInfo:
    zh: str
    en: str
    unit: str = ""
    help_zh: str = ""

    def name(self, lang: str = "zh") -> str:
        return pick(self.zh, self.en, lang)

    def localized(self, lang: str) -> str:  # a field can be a parameter of a locales.Msg
        return self.name(lang)

    def label(self, lang: str = "zh", with_unit: bool = True) -> str:
        name = self.name(lang)
        return say(lang, "label.with_unit", name=name, unit=self.unit) if with_unit and self.unit else name


F = FieldInfo
FIELDS: dict[str, FieldInfo] = {
    # land
    "land_area_m2": F("厂区用地面积", "Site land area", "m²", "以土地证（不动产权证）面积为准"),
    "building_floor_area_m2": F("建筑物总建筑面积", "Building floor area", "m²"),
    "structure_floor_area_m2": F("构筑物建筑面积", "Structure floor area", "m²"),
    "high_storey_extra_m2": F(
        "层高超过 8 m 部分面积", "Floor area of storeys above 8 m", "m²",
        "层高超过 8 m 的楼层按两倍计入容积率：此处填写该部分面积，计算时再计入一次",
    ),
    "building_footprint_m2": F("建筑物占地面积", "Building footprint", "m²"),
    "structure_footprint_m2": F("生产性构筑物占地面积", "Production structure footprint", "m²"),
    "yard_area_m2": F("露天堆场和操作场地面积", "Open storage yard area", "m²"),
    # output
    "output_value_wan": F("工业总产值", "Gross industrial output value", "万元", "统计报表 B204-1 口径，当年价"),
    "product_name": F("主要产品名称", "Main product"),
    "product_unit": F("产品计量单位", "Product unit", "", "如 t、台、件、万米"),
    "production_volume": F("合格产品产量", "Output of conforming products", "产品单位"),
    "energy_quota_applies": F("主要产品有国家能耗限额标准", "A national energy quota standard applies"),
    "water_quota_applies": F("主要产品有国家取水定额标准", "A national water quota standard applies"),
    # energy
    "energy": F("分品种能源消费量", "Energy use by carrier"),
    "feedstock_energy_tce": F("用作原料的能源", "Energy used as feedstock", "tce", "不计入综合能耗（附录B.1）"),
    "pv_self_use_kwh": F("自发自用可再生电力", "Self-generated renewable power used", "kWh"),
    "green_power_trade_kwh": F("绿电交易电量", "Green power bought through trading", "kWh", "含专线直供并有结算凭证的电量"),
    "gec_kwh": F("单独购买绿证对应电量", "Separately bought GEC certificates", "kWh", "1 张绿证 = 1000 kWh"),
    "renewable_other_tce": F("非电可再生能源", "Non-electric renewable energy", "tce", "太阳能热利用、生物质等"),
    "energy_platform_functions": F("能碳管理平台已具备功能", "Energy-carbon platform functions in place"),
    # resources
    "raw_material_t": F("主要原材料消耗量", "Main raw material consumption", "t"),
    "green_material_t": F("绿色物料使用量", "Green material used", "t"),
    "same_class_material_t": F("同类物料总使用量", "Total material of the same class", "t"),
    "water_withdrawal_m3": F("取水量", "Water withdrawal", "m³", "主要、辅助和附属生产系统取水，不含基建、消防和外供水"),
    "water_reused_m3": F("重复利用水量", "Reused water", "m³", "循环水 + 串联水 + 处理回用水"),
    "wastewater_m3": F("废水产生量", "Wastewater generated", "m³"),
    "wastewater_treated_m3": F("废水处理量", "Wastewater treated", "m³"),
    "wastewater_reused_m3": F("处理后回用水量", "Treated wastewater reused", "m³"),
    "waste_gas_10k_m3": F("废气产生量", "Waste gas generated", "万m³"),
    "solid_waste_generated_t": F("一般工业固废产生量", "General industrial solid waste generated", "t"),
    "solid_waste_utilised_t": F("一般工业固废综合利用量", "Solid waste utilised", "t", "不含外购固废"),
    "solid_waste_past_storage_utilised_t": F("综合利用往年贮存量", "Past storage utilised this year", "t"),
    "solid_waste_stored_t": F("当年贮存量", "Stored this year", "t"),
    # cleaner production
    "catalogue_tech": F("采用国家推荐目录技术装备", "Technologies from national catalogues", "项"),
    "retrofit_projects_3y": F("近三年绿色低碳改造项目数", "Retrofit projects in the last 3 years", "项"),
    "retrofit_investment_3y_wan": F("近三年改造投资额", "Retrofit investment, last 3 years", "万元"),
    "output_value_3y_wan": F("近三年工业总产值合计", "Output value, last 3 years", "万元"),
    "pollutants": F("主要污染物", "Main pollutants"),
    # products
    "product_categories": F("主要产品类别数", "Main product categories", "类"),
    "footprint_categories": F("已核算碳足迹的产品类别数", "Categories with a carbon footprint", "类"),
    "efficiency_standard_applies": F("产品有国家能效标准", "A national efficiency standard applies to the products"),
    "energy_saving_output_share_pct": F(
        "节能产品产值占比", "Share of energy-saving products", "%", "达到能效 2 级（节能评价值）及以上的产品产值占比"
    ),
    "material_saving_cases": F("减少原辅材料消耗的案例", "Cases of reduced raw material use"),
    "recycled_material_cases": F("再生/可回收材料替代案例", "Cases of recycled material substitution"),
    "green_design_cases": F("绿色设计案例", "Green design cases"),
}


def label(field: str, lang: str = "zh", with_unit: bool = True) -> str:
    info = FIELDS.get(field)
    return info.label(lang, with_unit) if info else field


@cache
def text(field: str, with_unit: bool = True) -> Text:
    """A field's label in both languages, as a Result carries it (FIELDS and locales/ are fixed: cached)."""
    return Text(zh=label(field, "zh", with_unit), en=label(field, "en", with_unit))
