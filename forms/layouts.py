"""What the three forms hold and how their units convert to the wizard's canonical units.

Layouts modelled (fictitious numbers only in the tests), from the forms' published column structure:
- 205-1: 甲 能源名称, 乙 计量单位, 丙 代码, 1 年初库存量, 2 购进量·实物量, 3 购进量·金额（千元）, 4 消费量·合计,
  5 工业生产消费, 6 用于原材料, 7 非工业生产消费, 8 合计中：运输工具消费, 9 年末库存量, 10 采用折标系数,
  丁 参考折标系数; last row 能源合计（吨标准煤）. Column structure as in the 《能源统计报表制度》 205-1表 [S: a public
  mirror of the form, foolsogood/custom-ele-table example/src/mock/func_5.js, agrees column by column].
- 205-4: rows of 指标名称 / 计量单位 / 代码 / 本年: 取水量合计 and its sources (地表水, 地下水, 自来水, 其他), 重复用水量
  (循环用水量, 串联用水量) [R: the form's indicator list as recalled, not checked against the current 制度].
- B204-1: 工业总产值（当年价格）/ 工业销售产值 in 千元, then 产品名称 / 计量单位 / 生产量 [R].

Rows are recognised by their name (甲 column) and unit (乙 column); the 代码 is shown but not trusted alone,
because codes differ between editions of the 制度. A row whose name or unit is not listed here is reported, never
guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# ---- unit factors (source unit → the wizard's unit) -------------------------------------------------------------
# 万 = 10⁴ (Chinese numeral, 《中华人民共和国法定计量单位》 allows 万 with units: 万千瓦时 = 10⁴ kWh, 万立方米 = 10⁴ m³).
WAN = 1e4
# 百万千焦 = 10⁶ kJ = 1 GJ (SI prefixes: 10⁶ × 10³ J = 10⁹ J); 205-1 reports 热力 in 百万千焦, the wizard in GJ.
MILLION_KJ_IN_GJ = 1.0
# 千元 → 万元: 1 千元 = 10³ 元 = 0.1 万元; 元 → 万元: ÷ 10⁴.
THOUSAND_YUAN_IN_WAN = 0.1
YUAN_IN_WAN = 1e-4
# 1 kg = 10⁻³ t; 1 MWh = 10³ kWh; 1 兆焦 (MJ) = 10⁻³ GJ (SI).
KG_IN_T = 1e-3
MWH_IN_KWH = 1e3
MJ_IN_GJ = 1e-3

KWH = {"万千瓦时": WAN, "万kwh": WAN, "千瓦时": 1.0, "kwh": 1.0, "度": 1.0, "兆瓦时": MWH_IN_KWH, "mwh": MWH_IN_KWH}
M3 = {"万立方米": WAN, "万m3": WAN, "万m³": WAN, "立方米": 1.0, "m3": 1.0, "m³": 1.0}
TONNE = {"吨": 1.0, "t": 1.0, "千克": KG_IN_T, "kg": KG_IN_T, "公斤": KG_IN_T}
GJ = {"百万千焦": MILLION_KJ_IN_GJ, "吉焦": 1.0, "gj": 1.0, "兆焦": MJ_IN_GJ, "mj": MJ_IN_GJ}
WAN_YUAN = {"千元": THOUSAND_YUAN_IN_WAN, "万元": 1.0, "元": YUAN_IN_WAN}
TCE = {"吨标准煤": 1.0, "吨标煤": 1.0, "tce": 1.0}


def norm(text: str) -> str:
    """A label or unit as compared: NFKC (full-width), no spaces or brackets' content kept, lower case."""
    s = unicodedata.normalize("NFKC", text).strip().lower()
    return re.sub(r"\s+", "", s)


def bare_name(text: str) -> str:
    """A row label without numbering, 其中/：, and parenthesised notes: '其中：地表水' → '地表水'."""
    s = norm(text)
    s = re.sub(r"\(.*?\)|（.*?）", "", s)
    s = re.sub(r"^(其中|合计中|含)[:：]?", "", s)
    s = re.sub(r"^[0-9一二三四五六七八九十]+[.、．)]", "", s)
    return s.strip(":：")


@dataclass(frozen=True)
class Carrier205:
    """A 205-1 energy row the wizard knows: its names, the code in the 制度 [R], the carrier id and unit table."""

    names: tuple[str, ...]
    code: str
    carrier: str  # id in criteria/reference/reference.yaml carriers
    units: dict[str, float]


# Codes as recalled from the 205-1 catalogue [R]; shown beside the row, matching is by name and unit.
CARRIERS_205_1 = (
    Carrier205(("原煤",), "01", "raw_coal", TONNE),
    Carrier205(("天然气",), "15", "natural_gas", M3),
    Carrier205(("汽油",), "19", "gasoline", TONNE),
    Carrier205(("柴油",), "21", "diesel", TONNE),
    Carrier205(("燃料油",), "22", "fuel_oil", TONNE),
    Carrier205(("液化石油气",), "29", "lpg", TONNE),
    Carrier205(("热力",), "32", "heat", GJ),
    Carrier205(("电力",), "33", "electricity", KWH),
)
TOTAL_205_1 = ("能源合计",)  # in 吨标准煤: a cross-check only, never an input


def carrier_for(name: str) -> Carrier205 | None:
    key = bare_name(name)
    return next((c for c in CARRIERS_205_1 if key in c.names), None)


@dataclass(frozen=True)
class Indicator:
    """A row of 205-4 or B204-1 the wizard takes: its names, the draft path it fills and the unit table."""

    names: tuple[str, ...]
    target: str
    units: dict[str, float]
    target_unit: str


WATER_205_4 = (
    Indicator(("取水量合计", "取水总量", "取水量"), "inputs.water_withdrawal_m3", M3, "m³"),
    Indicator(("重复用水量", "重复利用水量"), "inputs.water_reused_m3", M3, "m³"),
)
# Parts shown for the record (sources of withdrawal, kinds of reuse): they make up the totals above.
WATER_PARTS = {"地表水": "inputs.water_withdrawal_m3", "地下水": "inputs.water_withdrawal_m3",
               "自来水": "inputs.water_withdrawal_m3", "城市供水": "inputs.water_withdrawal_m3",
               "其他": "inputs.water_withdrawal_m3", "其他水": "inputs.water_withdrawal_m3",
               "循环用水量": "inputs.water_reused_m3", "串联用水量": "inputs.water_reused_m3"}
OUTPUT_B204_1 = (
    Indicator(("工业总产值", "工业总产值当年价格", "工业总产值(当年价格)"), "inputs.output_value_wan", WAN_YUAN, "万元"),
)
NOT_TAKEN_B204_1 = ("工业销售产值", "出口交货值", "工业销售产值当年价格")  # known rows the wizard does not ask for

# Sheet/title markers of each form (the title cell or the 表号).
MARKERS = {"205-1": ("205-1", "能源购进、消费与库存", "能源购进,消费与库存"),
           "205-4": ("205-4", "工业企业用水情况", "用水情况"),
           "B204-1": ("b204-1", "工业产销总值及主要产品产量", "工业产销总值")}
