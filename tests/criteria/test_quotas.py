"""The quota library (criteria/quotas/*.yaml, criteria/quotas.py) and its corrections (scoring/quota_rules.py).

Every shipped row is checked against the tables of reference/yardsticks.md, copied below as they stand there
(§2.1–§2.8, §3) and parsed here; the link from a reference row to a shipped product is the label map in this file.
Corrections are checked against hand computations; edition selection by evaluation year; validation errors name
the file and the row; search by name and by GB/T 4754 code in both directions.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from criteria import CatalogueError
from criteria.quotas import QUOTA_DIR, load_quotas_from, quota_library
from scoring.quota_rules import correction_params, quota_grades

# ---- reference/yardsticks.md tables, as printed there ------------------------------------------------------

CEMENT = """
| Product / indicator | Unit | 1级 | 2级 | 3级 | Note |
| 水泥单位产品综合能耗 (at 75 % clinker) | kgce/t | 80 | 87 | 94 | Per ±1 % point of clinker ratio from 75 %: ±1.10 / 1.15 / 1.20 kgce/t; the 3级 gets the altitude factor when >1500 m |
| 熟料单位产品综合能耗 | kgce/t | 100 | 107 | 117 | Altitude correction on 3级 only |
| 熟料单位产品综合电耗 | kWh/t | 48 | 57 | 61 | |
| 熟料单位产品综合煤耗 | kgce/t | 94 | 100 | 109 | |
| 水泥制备工段电耗 | kWh/t | 26 | 29 | 34 | |
"""

GLASS = """
| Product | Unit | 1级 | 2级 | 3级 | Note |
| 平板玻璃 ≤500 t/d | kgce/重量箱 | — | — | 14.0 | The standard gives no 1级/2级 for this band |
| 平板玻璃 500–800 t/d | kgce/重量箱 | 9.5 | 11.5 | 13.5 | Corrected by V = a×b×c×d (capacity use, thickness, iron content, line adjustment) |
| 平板玻璃 >800 t/d | kgce/重量箱 | 8.0 | 10.0 | 12.0 | same |
| 光伏压延玻璃 ≤300 t/d | kgce/t | 300 | 300 | 400 | 表4 |
| 光伏压延玻璃 >300 t/d | kgce/t | 260 | 260 | 370 | |
| 铸石 | kgce/t | 540 | 700 | 800 | 表5 |
| Product | Grade | 3 | 4 | 5 | 6 | 8 | 10 | 12 | 15 | 19 |
| 平面普通钢化 | 1级 | 2.20 | 2.30 | 2.64 | 3.22 | 4.00 | 5.38 | 5.98 | 7.18 | 10.38 |
| 平面普通钢化 | 2级 | 2.75 | 2.87 | 3.30 | 4.02 | 5.00 | 6.73 | 7.48 | 8.98 | 12.97 |
| 平面普通钢化 | 3级 | 3.46 | 3.58 | 3.98 | 4.39 | 5.95 | 7.43 | 8.51 | 10.01 | 14.22 |
| 平面Low-E镀膜钢化 | 1级 | 2.73 | 2.85 | 3.27 | 3.99 | 4.96 | 6.67 | 7.42 | 8.90 | 12.87 |
| 平面Low-E镀膜钢化 | 2级 | 3.41 | 3.56 | 4.09 | 4.98 | 6.20 | 8.35 | 9.28 | 11.14 | 16.08 |
| 平面Low-E镀膜钢化 | 3级 | 4.29 | 4.44 | 4.94 | 5.44 | 7.38 | 9.21 | 10.55 | 12.41 | 17.63 |
| 曲面普通钢化 | 1级 | 2.88 | 3.01 | 3.46 | 4.22 | 5.24 | 7.05 | 7.83 | 9.41 | 13.60 |
| 曲面普通钢化 | 2级 | 3.60 | 3.76 | 4.32 | 5.27 | 6.55 | 8.82 | 9.80 | 11.76 | 16.99 |
| 曲面普通钢化 | 3级 | 4.53 | 4.69 | 5.21 | 5.75 | 7.79 | 9.73 | 11.15 | 13.11 | 18.63 |
| 曲面Low-E镀膜钢化 | 1级 | 3.56 | 3.73 | 4.28 | 5.22 | 6.48 | 8.72 | 9.69 | 11.63 | 16.82 |
| 曲面Low-E镀膜钢化 | 2级 | 4.46 | 4.65 | 5.35 | 6.51 | 8.10 | 10.90 | 12.12 | 14.55 | 21.01 |
| 曲面Low-E镀膜钢化 | 3级 | 5.61 | 5.80 | 6.45 | 7.11 | 9.64 | 12.04 | 13.79 | 16.22 | 23.04 |
"""

FIBRE = """
| Product | 1/2/3级 | Product | 1/2/3级 |
| 涤纶 聚合 熔体或切片 | 85/90/100 | 涤纶 固相增黏 高黏度切片 | 40/42/45 |
| 涤纶 液相增黏 高黏度熔体 | 35/37/40 | 涤纶 熔体直纺 POY | 40/45/50 |
| 涤纶 熔体直纺 FDY | 50/60/83 | 涤纶 熔体直纺 工业长丝 | 120/140/145 |
| 涤纶 熔体直纺 短纤维 | 85/100/110 | 涤纶 切片纺 POY | 90/92/95 |
| 涤纶 切片纺 FDY | 92/95/105 | 涤纶 切片纺 工业长丝 | 140/160/165 |
| 涤纶 切片纺 短纤维 | 140/160/180 | 涤纶 DTY 喷嘴≤0.12 MPa | 90/105/115 |
| 涤纶 DTY 0.12–0.35 MPa | 120/130/140 | 涤纶 DTY ≥0.35 MPa | 150/160/180 |
| 循环再利用涤纶 切片(瓶片到切片) | 55/65/75 | 循环再利用 POY | 100/115/120 |
| 循环再利用 FDY 瓶片纺 | 130/140/150 | 循环再利用 FDY 切片纺 | 100/120/130 |
| 循环再利用 DTY ≤0.12 | 95/110/118 | 循环再利用 DTY 0.12–0.35 | 130/135/145 |
| 循环再利用 DTY ≥0.35 | 155/167/185 | 循环再利用 短纤维 | 150/160/185 |
| 瓶用聚酯切片 | 100/115/120 | 粘胶短纤维 | 800/900/950 |
| 莫代尔短纤维 | 1150/1170/1200 | 粘胶长丝 | 2700/2900/3000 |
| 锦纶6 民用切片 | 100/135/145 | 锦纶6 工业用切片 | 130/160/190 |
| 锦纶6 POY/HOY | 115/160/200 | 锦纶6 FDY | 180/250/270 |
| 锦纶6 工业长丝 | 160/180/350 | 锦纶6 DTY | 165/245/285 |
| 氨纶(干法) | 900/1100/1300 | 维纶 高强高模 | 800/1070/1200 |
| 维纶 水溶性短纤 | 950/1100/1200 | 腈纶(DMAc湿法二步法) | 950/1000/1050 |
| 丙纶 FDY | 130/150/200 | 丙纶 BCF | 175/200/220 |
| 丙纶 短纤维 | 110/130/155 | UHMWPE 卤化烃萃取 | 3000/3500/4000 |
| UHMWPE 碳氢萃取 | 4000/6000/8000 | 双组分 聚合熔体/切片 | 120/130/150 |
| 双组分 熔体直纺 POY | 45/55/70 | 双组分 熔体直纺 FDY | 55/65/80 |
| 双组分 切片纺 POY | 120/155/180 | 双组分 切片纺 FDY | 150/170/190 |
| PE/PET 复合短纤 | 120/130/190 | LMPET/PET 复合短纤 | 155/165/175 |
"""

PAPER = """
| Product | 1/2/3级 |
| 漂白化学木浆 自用 | 180/220/260 |
| 漂白化学木浆 商品 | 300/340/380 |
| 未漂化学木浆 自用 | 130/160/200 |
| 未漂化学木浆 商品 | 250/280/320 |
| 漂白化学非木浆 自用 | 250/280/370 |
| 漂白化学非木浆 商品 | 370/400/490 |
| 未漂化学非木浆 自用 | 200/230/320 |
| 未漂化学非木浆 商品 | 320/350/440 |
| 化机浆及机械浆 自用 | 200/250/300 |
| 化机浆及机械浆 商品 | 320/370/420 |
| 溶解木浆 自用 | 250/310/360 |
| 溶解木浆 商品 | 380/430/480 |
| 溶解非木浆 自用 | 330/390/440 |
| 溶解非木浆 商品 | 450/510/560 |
| 未脱墨废纸浆 | 40/55/70 |
| 脱墨废纸浆 | 100/120/140 |
| Product | 1/2/3级 |
| 新闻纸 | 210/240/270 |
| 非涂布印刷书写纸 | 300/360/430 |
| 涂布印刷纸 | 300/350/410 |
| 卫生纸/纸巾原纸 木浆 | 380/450/520 |
| 卫生纸/纸巾原纸 非木浆 | 420/510/560 |
| 擦拭用纸 木浆 | 360/430/500 |
| 擦拭用纸 非木浆 | 400/470/540 |
| 白纸板、灰板纸 | 220/270/320 |
| 箱纸板、石膏板护面纸板 | 210/240/280 |
| 瓦楞原纸、纸管纸板 | 200/230/260 |
| 涂布纸板 | 230/280/330 |
| 纸袋纸 | 320/380/440 |
| 装饰/壁纸原纸 | 450/500/530 |
| 格拉辛纸 | 420/460/500 |
| 卷烟纸 | 800/850/900 |
| 水松原纸 | 500/600/700 |
| 铝箔衬纸 | 350/400/450 |
| 不锈钢衬纸 | 520/600/680 |
| 热敏/无碳原纸 | 400/450/500 |
| 医用包装纸 | 570/600/630 |
| 育果袋纸 | 550/580/620 |
| 热升华转印原纸 | 430/460/500 |
"""

ALU = """
| Product / process | I类 | II类 |
| 扁铸锭 熔融铝为主 熔铸 | 70/85/100 | – |
| 扁铸锭 重熔/回收铝为主 熔铸 | 125/145/185 | 175/200/240 |
| 实心圆铸锭 建筑型材用 熔融铝 熔铸 | 10/30/50 | – |
| 实心圆铸锭 建筑型材用 重熔铝 熔铸 | 55/85/125 | – |
| 热轧板材 热轧 | 100/120/140 | 120/160/200 |
| 冷轧板材 冷轧 | 90/120/145 | 140/180/210 |
| 冷轧带材 冷轧 | 70/90/110 | 100/120/140 |
| 箔材 双零箔 冷轧+退火 | 150/185/270 | – |
| 一般工业用挤压型材 挤压 | 135/160/190 | 220/255/305 |
| 一般工业用挤压型材 挤压+固溶+人工时效 | 250/290/340 | 335/385/455 |
| **建筑型材 挤压** | 100/125/150 | – |
| 挤压无缝管材 挤压 | 160/190/220 | 250/300/350 |
| 表面处理 阳极氧化 | 115/125/150 | – |
| 表面处理 电泳涂漆 | 155/170/200 | – |
| 表面处理 喷粉 | 55/65/90 | – |
| 表面处理 喷漆 | 150/180/230 | – |
| 复合型材 | 3/4/5 | – |
| 自由锻件 锻造 | 440/490/540 (each extra heat adds 260/290/320) | – |
| 模锻件 锻造 | 480/530/590 (each extra heat adds 300/330/370) | – |
"""

COPPER = """
| Table / product | Alloy | 熔铸工序 | 加工工序 | 全工序 |
| 表2 管材 | 紫铜 | 55/60/70 | 120/130/160 | 190/200/250 |
| 表2 管材 | 普通黄铜 | 60/68/80 | 155/160/185 | 270/290/320 |
| 表2 管材 | 复杂黄铜 | 90/95/110 | 195/200/210 | 400/450/510 |
| 表3 棒线 挤压法 | 紫铜 | 68/73/79 | 117/125/152 | 199/215/270 |
| 表3 棒线 挤压法 | 普通黄铜 | 58/62/76 | 134/145/183 | 197/212/274 |
| 表5 棒线 连续铸造法 | 普通黄铜 | 45/48/53 | 31/35/40 | 91/106/119 |
| 表7 板带箔 热轧法 | 紫铜 | 58/63/73 | 115/120/155 | 190/200/270 |
| 表7 板带箔 热轧法 | 普通黄铜 | 53/55/63 | 210/220/250 | 280/290/350 |
| 表8 板带箔 水平连铸 | 紫铜 | 53/58/68 | 100/110/125 | 170/180/200 |
| 表10 电工用铜线坯 上引连铸 阴极铜 | – | – | – | 45/52/56 |
| 表10 电工用铜线坯 连铸连轧 阴极铜 | – | – | – | 54/57/66 |
| 表10 电工用铜线坯 连铸连轧 再生铜 | – | – | – | 100/130/180 |
"""

STEEL = """
| Process | 1级 | 2级 | 3级 | Correction |
| 烧结 | 43 | 46 | 52 | + share of 稀土矿 / 钒钛矿 / 红土镍矿 |
| 球团 | 15 | 22 | 33 | same |
| 高炉 | 361 | 370 | 415 | + feed grade below 62 %: +3.61 per point, max 5 points |
| 转炉 (普通) | −30 | −28 | −12 | + scrap ratio × 0.23 + steel-grade adders |
| 电弧炉 <50 t | 61 | — | 86 | all-scrap 普碳钢 basis; − hot-metal % × 0.8 |
| 电弧炉 50–70 t | 61 | — | 72 | same |
| 电弧炉 ≥70 t | 61 | 64 | 72 | same |
"""

OTHERS = """
| Standard | Product | Unit | 1/2/3级 |
| GB 29449-2024 轮胎和炭黑 | 全钢子午胎 | kgce/t | 215/235/340 |
| | 半钢子午胎 | kgce/t | 255/290/430 |
| | 工程机械胎 | kgce/t | 300/330/560 |
| | 斜交胎 | kgce/t | —/—/515 |
| | 炭黑 (excluding feedstock) | kgce/t | 300/330/460 |
| GB 21252-2023 建筑卫生陶瓷 | 陶瓷砖 干压, 吸水率≤0.2 % | kgce/m² | 4.5/5.5/7.0 |
| | 陶瓷砖 干压, 0.2–0.5 % | kgce/m² | 4.0/4.9/6.5 |
| | 陶瓷砖 干压, 0.5–10 % | kgce/m² | 3.4/3.7/4.6 |
| | 陶瓷砖 干压, >10 % | kgce/m² | 3.2/3.5/4.5 |
| | 陶瓷板 | kgce/m² | 6.0/8.7/13.2 |
| | 卫生陶瓷, 吸水率≤0.3 % | kgce/t | 350/500/630 |
| | 卫生陶瓷, >0.3 % | kgce/t | 300/460/610 |
| | Note | | The m² rows carry a thickness factor |
| GB 36888-2018 预拌混凝土 | 生产能耗 | kgce/m³ | 0.30/0.70/1.10 |
| | 运输能耗 | kgce/m³ | 1.85/2.65/2.90 |
| GB 32047-2025 啤酒 (effective 2026-08-01) | 综合能耗 | kgce/kL | 26/35/60 |
| GB 30251-2024 炼化 | 炼油 | kgoe/(t·能量因数) | 6.85/7.50/8.50 |
| | 乙烯 | kgoe/t | 580/590/640 |
| | PX | kgoe/t | 370/380/550 |
| | PTA | kgce/t | 70/80/180 |
| | PP 气相 | kgoe/t | 48/54/79 |
| | PP 液相本体 | kgoe/t | 51/64/95 |
| GB 21257-2024 | 液碱≥30 % | kgce/t | 308/315/350 |
| | 液碱≥45 % | kgce/t | 410/420/470 |
| | 固碱 | kgce/t | 600/620/685 |
| | 电石法PVC 通用 | kgce/t | 185/193/270 |
| | 乙烯法PVC 通用 | kgce/t | 600/620/635 |
| GB 21343-2023 | 电石 | kgce/t | 805/823/940 |
| GB 21344-2023 | 合成氨 (天然气) | kgce/t | 996/1000/1200 |
| | 尿素 (电动机驱动) | kgce/t | 115/138/165 |
| GB 29436-2023 | 乙烯制乙二醇 | kgce/t | 335/375/470 |
| | 煤制乙二醇 | kgce/t | 2450/2850/3100 |
| GB 21341-2022 | 硅铁 | kgce/t | 1700/1770/1850 |
| | 锰硅 | kgce/t | 850/860/950 |
| GB 21346-2022 | 铝液交流电耗 | kWh/t | 12950/13000/13350 |
| GB 21347-2023 | 工业硅 (煤) | kgce/t | 2800/3100/3600 |
| GB 46029-2025 | 甲醛 银法 | kgce/t | 680/700/740 |
| | 甲醛 铁钼法 | kgce/t | 615/635/670 |
| GB 45549-2025, GB 31335-2024, GB 29140-2024, GB 29995-2024, GB 30180-2024, GB 25324-2022, GB 29448-2022, GB 30183/30184-2013, GB 36891/36892-2018, GB 29446-2019 | various | – | in source B |
"""

WATER = """
| Standard | Product | Unit | 通用值 | 先进值 | Tag | Source |
| GB/T 18916.2-2022 钢铁联合企业 | 含焦化 + 含冷轧 | m³/t 粗钢 | 4.8 | 3.1 | [S] | D: "含焦化+含冷轧 4.8/3.1" |
| | 含焦化 + 不含冷轧 | m³/t | 4.5 | 2.4 | [S] | D |
| | 不含焦化 + 含冷轧 | m³/t | 4.2 | 2.2 | [S] | D |
| | 不含焦化 + 不含冷轧 | m³/t | 3.6 | 2.1 | [S] | D |
| | 电炉炼钢 (process row) | m³/t | 1.74 | 0.55 | [S] | D |
| | 棒材轧钢 (process row) | m³/t | 0.70 | 0.34 | [S] | D |
| GB/T 18916.62-2022 水泥 | 熟料 | m³/t 熟料 | 0.510 | 0.225 | [S] | D |
| GB/T 18916.8 合成氨 | 烟煤 | m³/t 氨 | 12.0 | 8.0 | [S] | D |
| | 无烟块煤/型煤 | m³/t 氨 | 11.0 | 7.5 | [S] | D |
| | 天然气 | m³/t 氨 | 9.0 | 5.5 | [S] | D |
| DB13/T 5448.7-2021 (河北) | 煤制甲醇 | m³/t | 15.0 | 11.0 | [S] | D (provincial) |
| | 焦炉煤气制甲醇 | m³/t | 9.03 | 6.34 | [S] | D (provincial) |
| GB/T 18916.4-2022 纺织染整产品 (replaces the 2012 edition) | — | — | **values not read** | | [S] existence | https://www.chinesestandard.net/PDF/English.aspx/GBT18916.4-2002 ("GB/T 18916.4-2022 … Valid … Replacing GB/T 18916.4-2012") |
| GB/T 18916.21-2016 真丝绸产品 | — | — | values not read | | [S] existence | https://wendang.net/bz/gb/268623.html |
| GB/T 18916.57-2021 乳制品 | — | — | values not read | | [S] existence | public code |
"""

Row = tuple[str, str, float | None, float | None, float | None]  # ref, unit, 1级, 2级, 3级


def _cells(line: str) -> list[str]:
    return [c.strip().strip("*") for c in line.strip().strip("|").split("|")]


def _num(cell: str) -> float | None:
    cell = cell.strip().replace("−", "-")  # the reference prints a typographic minus
    return None if cell in ("—", "–", "-", "") else float(cell)


def _triple(cell: str) -> tuple[float | None, float | None, float | None]:
    a, b, c = cell.split("(")[0].strip().split("/")
    return _num(a), _num(b), _num(c)


def _rows(block: str) -> list[list[str]]:
    return [_cells(line) for line in block.strip().splitlines()]


CEMENT_IDS = {
    "水泥单位产品综合能耗 (at 75 % clinker)": "cement", "熟料单位产品综合能耗": "clinker",
    "熟料单位产品综合电耗": "clinker_power", "熟料单位产品综合煤耗": "clinker_coal",
    "水泥制备工段电耗": "cement_grinding_power",
}
GLASS_IDS = {
    "平板玻璃 ≤500 t/d": "flat_le500", "平板玻璃 500–800 t/d": "flat_500_800", "平板玻璃 >800 t/d": "flat_gt800",
    "光伏压延玻璃 ≤300 t/d": "pv_rolled_le300", "光伏压延玻璃 >300 t/d": "pv_rolled_gt300", "铸石": "cast_stone",
}
TEMPERED_IDS = {"平面普通钢化": "flat_plain", "平面Low-E镀膜钢化": "flat_lowe", "曲面普通钢化": "curved_plain",
                "曲面Low-E镀膜钢化": "curved_lowe"}
FIBRE_IDS = {
    "涤纶 聚合 熔体或切片": "pet_polymer", "涤纶 固相增黏 高黏度切片": "pet_ssp_chips",
    "涤纶 液相增黏 高黏度熔体": "pet_lsp_melt", "涤纶 熔体直纺 POY": "pet_direct_poy",
    "涤纶 熔体直纺 FDY": "pet_direct_fdy", "涤纶 熔体直纺 工业长丝": "pet_direct_industrial",
    "涤纶 熔体直纺 短纤维": "pet_direct_staple", "涤纶 切片纺 POY": "pet_chip_poy", "涤纶 切片纺 FDY": "pet_chip_fdy",
    "涤纶 切片纺 工业长丝": "pet_chip_industrial", "涤纶 切片纺 短纤维": "pet_chip_staple",
    "涤纶 DTY 喷嘴≤0.12 MPa": "pet_dty_le012", "涤纶 DTY 0.12–0.35 MPa": "pet_dty_012_035",
    "涤纶 DTY ≥0.35 MPa": "pet_dty_ge035", "循环再利用涤纶 切片(瓶片到切片)": "rpet_chips", "循环再利用 POY": "rpet_poy",
    "循环再利用 FDY 瓶片纺": "rpet_fdy_flake", "循环再利用 FDY 切片纺": "rpet_fdy_chip",
    "循环再利用 DTY ≤0.12": "rpet_dty_le012", "循环再利用 DTY 0.12–0.35": "rpet_dty_012_035",
    "循环再利用 DTY ≥0.35": "rpet_dty_ge035", "循环再利用 短纤维": "rpet_staple", "瓶用聚酯切片": "bottle_pet_chips",
    "粘胶短纤维": "viscose_staple", "莫代尔短纤维": "modal_staple", "粘胶长丝": "viscose_filament",
    "锦纶6 民用切片": "pa6_chips_civil", "锦纶6 工业用切片": "pa6_chips_industrial", "锦纶6 POY/HOY": "pa6_poy_hoy",
    "锦纶6 FDY": "pa6_fdy", "锦纶6 工业长丝": "pa6_industrial", "锦纶6 DTY": "pa6_dty", "氨纶(干法)": "spandex_dry",
    "维纶 高强高模": "vinylon_high_modulus", "维纶 水溶性短纤": "vinylon_water_soluble",
    "腈纶(DMAc湿法二步法)": "acrylic_dmac_wet", "丙纶 FDY": "pp_fdy", "丙纶 BCF": "pp_bcf", "丙纶 短纤维": "pp_staple",
    "UHMWPE 卤化烃萃取": "uhmwpe_halogenated", "UHMWPE 碳氢萃取": "uhmwpe_hydrocarbon",
    "双组分 聚合熔体/切片": "bico_polymer", "双组分 熔体直纺 POY": "bico_direct_poy",
    "双组分 熔体直纺 FDY": "bico_direct_fdy", "双组分 切片纺 POY": "bico_chip_poy", "双组分 切片纺 FDY": "bico_chip_fdy",
    "PE/PET 复合短纤": "pe_pet_bico_staple", "LMPET/PET 复合短纤": "lmpet_pet_bico_staple",
}
PAPER_IDS = {
    # 表1 pulp (kgce/Adt)
    "漂白化学木浆 自用": "bleached_chem_wood_own", "漂白化学木浆 商品": "bleached_chem_wood_market",
    "未漂化学木浆 自用": "unbleached_chem_wood_own", "未漂化学木浆 商品": "unbleached_chem_wood_market",
    "漂白化学非木浆 自用": "bleached_chem_nonwood_own", "漂白化学非木浆 商品": "bleached_chem_nonwood_market",
    "未漂化学非木浆 自用": "unbleached_chem_nonwood_own", "未漂化学非木浆 商品": "unbleached_chem_nonwood_market",
    "化机浆及机械浆 自用": "chem_mech_own", "化机浆及机械浆 商品": "chem_mech_market",
    "溶解木浆 自用": "dissolving_wood_own", "溶解木浆 商品": "dissolving_wood_market",
    "溶解非木浆 自用": "dissolving_nonwood_own", "溶解非木浆 商品": "dissolving_nonwood_market",
    "未脱墨废纸浆": "recycled_non_deinked", "脱墨废纸浆": "recycled_deinked",
    # 表2 paper (kgce/t)
    "新闻纸": "newsprint", "非涂布印刷书写纸": "uncoated_printing_writing", "涂布印刷纸": "coated_printing",
    "卫生纸/纸巾原纸 木浆": "tissue_wood", "卫生纸/纸巾原纸 非木浆": "tissue_nonwood", "擦拭用纸 木浆": "wiping_wood",
    "擦拭用纸 非木浆": "wiping_nonwood", "白纸板、灰板纸": "white_grey_board", "箱纸板、石膏板护面纸板": "linerboard_gypsum",
    "瓦楞原纸、纸管纸板": "corrugating_tube_board", "涂布纸板": "coated_board", "纸袋纸": "sack_paper",
    "装饰/壁纸原纸": "decor_wallpaper_base", "格拉辛纸": "glassine", "卷烟纸": "cigarette_paper", "水松原纸": "tipping_base",
    "铝箔衬纸": "foil_backing", "不锈钢衬纸": "stainless_interleaf", "热敏/无碳原纸": "thermal_carbonless_base",
    "医用包装纸": "medical_packaging", "育果袋纸": "fruit_bag", "热升华转印原纸": "sublimation_transfer_base",
}
PULP_UNIT_UNTIL = "脱墨废纸浆"  # table 1 rows come first
ALU_IDS = {
    "扁铸锭 熔融铝为主 熔铸": ("slab_ingot_molten_1", None), "扁铸锭 重熔/回收铝为主 熔铸": ("slab_ingot_remelt_1", "slab_ingot_remelt_2"),
    "实心圆铸锭 建筑型材用 熔融铝 熔铸": ("billet_arch_molten_1", None),
    "实心圆铸锭 建筑型材用 重熔铝 熔铸": ("billet_arch_remelt_1", None),
    "热轧板材 热轧": ("hot_rolled_plate_1", "hot_rolled_plate_2"), "冷轧板材 冷轧": ("cold_rolled_sheet_1", "cold_rolled_sheet_2"),
    "冷轧带材 冷轧": ("cold_rolled_strip_1", "cold_rolled_strip_2"), "箔材 双零箔 冷轧+退火": ("foil_double_zero_1", None),
    "一般工业用挤压型材 挤压": ("extrusion_general_1", "extrusion_general_2"),
    "一般工业用挤压型材 挤压+固溶+人工时效": ("extrusion_general_heat_1", "extrusion_general_heat_2"),
    "建筑型材 挤压": ("extrusion_architectural_1", None), "挤压无缝管材 挤压": ("seamless_tube_1", "seamless_tube_2"),
    "表面处理 阳极氧化": ("surface_anodising", None), "表面处理 电泳涂漆": ("surface_electrophoretic", None),
    "表面处理 喷粉": ("surface_powder", None), "表面处理 喷漆": ("surface_paint", None),
    "复合型材": ("composite_profile", None), "自由锻件 锻造": ("forging_open_die", None),
    "模锻件 锻造": ("forging_closed_die", None),
}
COPPER_IDS = {"表2 管材": "tube", "表3 棒线 挤压法": "rod_extruded", "表5 棒线 连续铸造法": "rod_continuous",
              "表7 板带箔 热轧法": "strip_hot_rolled", "表8 板带箔 水平连铸": "strip_horizontal_cast",
              "表10 电工用铜线坯 上引连铸 阴极铜": "wire_rod_upcast_cathode",
              "表10 电工用铜线坯 连铸连轧 阴极铜": "wire_rod_ccr_cathode",
              "表10 电工用铜线坯 连铸连轧 再生铜": "wire_rod_ccr_recycled"}
COPPER_ALLOY = {"紫铜": "copper", "普通黄铜": "brass", "复杂黄铜": "complex_brass"}
STEEL_IDS = {"烧结": "sintering", "球团": "pelletizing", "高炉": "blast_furnace", "转炉 (普通)": "bof",
             "电弧炉 <50 t": "eaf_lt50", "电弧炉 50–70 t": "eaf_50_70", "电弧炉 ≥70 t": "eaf_ge70"}
OTHER_IDS = {
    ("GB 29449-2024", "全钢子午胎"): "gb29449_2024/tyre_all_steel_radial",
    ("GB 29449-2024", "半钢子午胎"): "gb29449_2024/tyre_semi_steel_radial",
    ("GB 29449-2024", "工程机械胎"): "gb29449_2024/tyre_otr", ("GB 29449-2024", "斜交胎"): "gb29449_2024/tyre_bias",
    ("GB 29449-2024", "炭黑 (excluding feedstock)"): "gb29449_2024/carbon_black",
    ("GB 21252-2023", "陶瓷砖 干压, 吸水率≤0.2 %"): "gb21252_2023/tile_dry_pressed_le02",
    ("GB 21252-2023", "陶瓷砖 干压, 0.2–0.5 %"): "gb21252_2023/tile_dry_pressed_02_05",
    ("GB 21252-2023", "陶瓷砖 干压, 0.5–10 %"): "gb21252_2023/tile_dry_pressed_05_10",
    ("GB 21252-2023", "陶瓷砖 干压, >10 %"): "gb21252_2023/tile_dry_pressed_gt10",
    ("GB 21252-2023", "陶瓷板"): "gb21252_2023/ceramic_panel",
    ("GB 21252-2023", "卫生陶瓷, 吸水率≤0.3 %"): "gb21252_2023/sanitary_le03",
    ("GB 21252-2023", "卫生陶瓷, >0.3 %"): "gb21252_2023/sanitary_gt03",
    ("GB 36888-2018", "生产能耗"): "gb36888_2018/production", ("GB 36888-2018", "运输能耗"): "gb36888_2018/transport",
    ("GB 32047-2025", "综合能耗"): "gb32047_2025/beer",
    ("GB 30251-2024", "炼油"): "gb30251_2024/refining", ("GB 30251-2024", "乙烯"): "gb30251_2024/ethylene",
    ("GB 30251-2024", "PX"): "gb30251_2024/paraxylene", ("GB 30251-2024", "PTA"): "gb30251_2024/pta",
    ("GB 30251-2024", "PP 气相"): "gb30251_2024/pp_gas_phase", ("GB 30251-2024", "PP 液相本体"): "gb30251_2024/pp_bulk",
    ("GB 21257-2024", "液碱≥30 %"): "gb21257_2024/caustic_liquid_30",
    ("GB 21257-2024", "液碱≥45 %"): "gb21257_2024/caustic_liquid_45", ("GB 21257-2024", "固碱"): "gb21257_2024/caustic_solid",
    ("GB 21257-2024", "电石法PVC 通用"): "gb21257_2024/pvc_carbide_general",
    ("GB 21257-2024", "乙烯法PVC 通用"): "gb21257_2024/pvc_ethylene_general",
    ("GB 21343-2023", "电石"): "gb21343_2023/calcium_carbide",
    ("GB 21344-2023", "合成氨 (天然气)"): "gb21344_2023/ammonia_natural_gas",
    ("GB 21344-2023", "尿素 (电动机驱动)"): "gb21344_2023/urea_motor_driven",
    ("GB 29436-2023", "乙烯制乙二醇"): "gb29436_2023/eg_from_ethylene", ("GB 29436-2023", "煤制乙二醇"): "gb29436_2023/eg_from_coal",
    ("GB 21341-2022", "硅铁"): "gb21341_2022/ferrosilicon", ("GB 21341-2022", "锰硅"): "gb21341_2022/silicomanganese",
    ("GB 21346-2022", "铝液交流电耗"): "gb21346_2022/aluminium_liquid_ac_power",
    ("GB 21347-2023", "工业硅 (煤)"): "gb21347_2023/industrial_silicon_coal",
    ("GB 46029-2025", "甲醛 银法"): "gb46029_2025/formaldehyde_silver",
    ("GB 46029-2025", "甲醛 铁钼法"): "gb46029_2025/formaldehyde_iron_molybdenum",
}
WATER_IDS = {
    ("GB/T 18916.2-2022", "含焦化 + 含冷轧"): "gbt18916_2_2022/integrated_coking_cold_rolling",
    ("GB/T 18916.2-2022", "含焦化 + 不含冷轧"): "gbt18916_2_2022/integrated_coking_no_cold_rolling",
    ("GB/T 18916.2-2022", "不含焦化 + 含冷轧"): "gbt18916_2_2022/integrated_no_coking_cold_rolling",
    ("GB/T 18916.2-2022", "不含焦化 + 不含冷轧"): "gbt18916_2_2022/integrated_no_coking_no_cold_rolling",
    ("GB/T 18916.2-2022", "电炉炼钢 (process row)"): "gbt18916_2_2022/eaf_steelmaking",
    ("GB/T 18916.2-2022", "棒材轧钢 (process row)"): "gbt18916_2_2022/bar_rolling",
    ("GB/T 18916.62-2022", "熟料"): "gbt18916_62_2022/clinker",
    ("GB/T 18916.8", "烟煤"): "gbt18916_8/bituminous_coal", ("GB/T 18916.8", "无烟块煤/型煤"): "gbt18916_8/anthracite_lump",
    ("GB/T 18916.8", "天然气"): "gbt18916_8/natural_gas",
    ("DB13/T 5448.7-2021", "煤制甲醇"): "db13t5448_7_2021/methanol_coal",
    ("DB13/T 5448.7-2021", "焦炉煤气制甲醇"): "db13t5448_7_2021/methanol_coke_oven_gas",
}


def _expected() -> list[Row]:
    rows: list[Row] = []
    for c in _rows(CEMENT)[1:]:
        rows.append((f"gb16780_2021/{CEMENT_IDS[c[0]]}", c[1], _num(c[2]), _num(c[3]), _num(c[4])))
    glass = _rows(GLASS)
    for c in glass:
        if c[0] in GLASS_IDS:
            rows.append((f"gb21340_2019/{GLASS_IDS[c[0]]}", c[1], _num(c[2]), _num(c[3]), _num(c[4])))
    header = next(c for c in glass if c[:2] == ["Product", "Grade"])
    tempered: dict[tuple[str, str], list[float | None]] = {}
    for c in glass:
        if c[0] in TEMPERED_IDS:
            for thick, cell in zip(header[2:], c[2:], strict=True):
                tempered.setdefault((c[0], thick), [None, None, None])[int(c[1][0]) - 1] = _num(cell)
    for (kind, thick), (g1, g2, g3) in tempered.items():
        rows.append((f"gb21340_2019/tempered_{TEMPERED_IDS[kind]}_{thick}mm", "kW·h/m²", g1, g2, g3))
    for c in _rows(FIBRE)[1:]:
        for name, cell in ((c[0], c[1]), (c[2], c[3])):
            rows.append((f"gb36889_2025/{FIBRE_IDS[name]}", "kgce/t", *_triple(cell)))
    pulp = True
    for c in _rows(PAPER):
        if c[0] in PAPER_IDS:
            rows.append((f"gb31825_2024/{PAPER_IDS[c[0]]}", "kgce/Adt" if pulp else "kgce/t", *_triple(c[1])))
            pulp = pulp and c[0] != PULP_UNIT_UNTIL
    for c in _rows(ALU)[1:]:
        for pid, cell in zip(ALU_IDS[c[0]], c[1:3], strict=True):
            if pid is None:
                assert _num(cell) is None
                continue
            rows.append((f"gb21351_2023/{pid}", "kgce/t", *_triple(cell)))
    for c in _rows(COPPER)[1:]:
        base = COPPER_IDS[c[0]]
        for proc, cell in zip(("casting", "processing", "total"), c[2:5], strict=True):
            if cell in ("–", "—"):
                continue
            pid = base if c[1] in ("–", "—") else f"{base}_{COPPER_ALLOY[c[1]]}_{proc}"
            rows.append((f"gb21350_2023/{pid}", "kgce/t", *_triple(cell)))
    for c in _rows(STEEL)[1:]:
        rows.append((f"gb21256_2025/{STEEL_IDS[c[0]]}", "kgce/t", _num(c[1]), _num(c[2]), _num(c[3])))
    std = ""
    for c in _rows(OTHERS)[1:]:
        std = " ".join(c[0].split()[:2]) if c[0] else std
        if (std, c[1]) in OTHER_IDS:
            rows.append((OTHER_IDS[(std, c[1])], c[2], *_triple(c[3])))
    for c in _rows(WATER)[1:]:
        std = c[0].split(" (")[0].split(" ")[0] + " " + c[0].split(" (")[0].split(" ")[1] if c[0] else std
        if (std, c[1]) in WATER_IDS:  # 先进值 → grade1, 通用值 → grade2
            rows.append((WATER_IDS[(std, c[1])], c[2], _num(c[4]), _num(c[3]), None))
    return rows


EXPECTED = _expected()
# rows the reference gives per standard (the only rows shipped)
COUNTS = {"gb16780_2021": 5, "gb21340_2019": 42, "gb36889_2025": 48, "gb31825_2024": 38, "gb21351_2023": 26,
          "gb21350_2023": 30, "gb21256_2025": 7, "gb29449_2024": 5, "gb21252_2023": 7, "gb36888_2018": 2,
          "gb32047_2025": 1, "gb30251_2024": 6, "gb21257_2024": 5, "gb21343_2023": 1, "gb21344_2023": 2,
          "gb29436_2023": 2, "gb21341_2022": 2, "gb21346_2022": 1, "gb21347_2023": 1, "gb46029_2025": 2,
          "gbt18916_2_2022": 6, "gbt18916_62_2022": 1, "gbt18916_8": 3, "db13t5448_7_2021": 2}


@pytest.fixture(scope="module")
def lib():
    return quota_library()


@pytest.mark.parametrize(("ref", "unit", "g1", "g2", "g3"), EXPECTED, ids=[r[0] for r in EXPECTED])
def test_row_matches_reference(lib, ref, unit, g1, g2, g3):
    e = lib.get(ref)
    shipped, printed = e.product.unit.replace(" ", ""), unit.replace(" ", "")
    # the reference writes "m³/t 粗钢" once and "m³/t" for the rows under it; the library repeats the full unit
    assert shipped == printed or (e.standard.kind == "water" and shipped.startswith(printed))
    assert (e.product.grade1, e.product.grade2, e.product.grade3) == (g1, g2, g3)


def test_every_shipped_row_comes_from_the_reference(lib):
    expected = [r[0] for r in EXPECTED]
    assert len(expected) == len(set(expected)) == 245
    assert sorted(e.ref for e in lib.entries()) == sorted(expected)
    assert {s: len(std.products) for s, std in lib.standards.items()} == COUNTS


def test_provenance_and_dates(lib):
    for std in lib.standards.values():
        assert std.confidence == "S" and "以标准正式文本为准" in std.confidence_note
        assert std.source.ref in {"B", "D"}
    fibre = lib.standards["gb36889_2025"]
    assert (str(fibre.issued), str(fibre.effective), fibre.replaces) == ("2025-05-30", "2026-06-01", ("GB 36889-2018",))
    steel = lib.standards["gb21256_2025"]
    assert (str(steel.effective), steel.replaces) == ("2026-07-01", ("GB 21256-2013", "GB 32050-2015"))
    cement = lib.standards["gb16780_2021"]
    assert (str(cement.issued), str(cement.effective)) == ("2021-10-11", "2022-11-01")
    hebei = lib.standards["db13t5448_7_2021"]
    assert (hebei.scope, hebei.region, hebei.kind) == ("provincial", "河北", "water")
    assert all(s.scope == "national" for k, s in lib.standards.items() if k != "db13t5448_7_2021")


def test_empty_grades_stay_empty(lib):
    """Where the reference prints —, the grade is not shipped (never an invented number)."""
    for ref, missing in [("gb21340_2019/flat_le500", ("grade1", "grade2")), ("gb29449_2024/tyre_bias", ("grade1", "grade2")),
                         ("gb21256_2025/eaf_lt50", ("grade2",)), ("gb21256_2025/eaf_50_70", ("grade2",))]:
        p = lib.get(ref).product
        assert all(p.grade(g) is None for g in missing)
    g = quota_grades("gb21340_2019/flat_le500", {}, 2025)
    assert (g.leading, g.baseline, g.limit) == (None, None, 14.0)
    assert ("quota.warn.grade_not_defined", {"grade": 1, "standard": "GB 21340-2019"}) in g.warnings


# ---- corrections against hand computations -------------------------------------------------------------------

CORRECTIONS = [
    # cement at 80 % clinker: 80 + 5×1.10, 87 + 5×1.15, 94 + 5×1.20
    ("gb16780_2021/cement", {"clinker_ratio_pct": 80, "altitude_factor": 1}, (85.5, 92.75, 100.0)),
    ("gb16780_2021/cement", {"clinker_ratio_pct": 70, "altitude_factor": 1}, (74.5, 81.25, 88.0)),
    # altitude factor on 3级 only, after the clinker-ratio term: (94 + 2×1.2) × 1.05
    ("gb16780_2021/cement", {"clinker_ratio_pct": 77, "altitude_factor": 1.05}, (82.2, 89.3, 101.22)),
    ("gb16780_2021/clinker", {"altitude_factor": 1.1}, (100, 107, 128.7)),
    # flat glass V = a×b×c×d
    ("gb21340_2019/flat_gt800", {"glass_factor_a": 1.1, "glass_factor_b": 1.0, "glass_factor_c": 1.0, "glass_factor_d": 1.0},
     (8.8, 11.0, 13.2)),
    ("gb21340_2019/flat_500_800", {"glass_factor_a": 1.1, "glass_factor_b": 0.9, "glass_factor_c": 1.0, "glass_factor_d": 1.1},
     (9.5 * 1.089, 11.5 * 1.089, 13.5 * 1.089)),
    ("gb21340_2019/flat_le500", {"glass_factor_a": 1.1, "glass_factor_b": 1, "glass_factor_c": 1, "glass_factor_d": 1},
     (None, None, 15.4)),
    # paper: special-process addition on every grade
    ("gb31825_2024/thermal_carbonless_base", {"paper_process_adder": 200}, (600, 650, 700)),
    # aluminium forgings: two extra heats
    ("gb21351_2023/forging_open_die", {"extra_heats": 2}, (960, 1070, 1180)),
    ("gb21351_2023/forging_closed_die", {"extra_heats": 1}, (780, 860, 960)),
    # copper specification factor
    ("gb21350_2023/tube_copper_total", {"spec_factor": 1.2}, (228, 240, 300)),
    # ceramics thickness factor
    ("gb21252_2023/tile_dry_pressed_le02", {"thickness_factor": 0.8}, (3.6, 4.4, 5.6)),
    # steel: sinter ore shares 10 % rare earth ×0.15, 5 % V-Ti ×0.2, 2 % laterite ×1.2 = +4.9
    ("gb21256_2025/sintering", {"rare_earth_ore_pct": 10, "vti_magnetite_pct": 5, "laterite_nickel_pct": 2}, (47.9, 50.9, 56.9)),
    # blast furnace: grade 60 % → 2 points × 3.61; 50 % → capped at 5 points; 65 % → no reduction
    ("gb21256_2025/blast_furnace", {"bf_feed_grade_pct": 60, "rare_earth_ore_pct": 0, "vti_magnetite_pct": 0,
                                    "laterite_nickel_pct": 0}, (368.22, 377.22, 422.22)),
    ("gb21256_2025/blast_furnace", {"bf_feed_grade_pct": 50, "rare_earth_ore_pct": 0, "vti_magnetite_pct": 0,
                                    "laterite_nickel_pct": 0}, (379.05, 388.05, 433.05)),
    ("gb21256_2025/blast_furnace", {"bf_feed_grade_pct": 65, "rare_earth_ore_pct": 0, "vti_magnetite_pct": 0,
                                    "laterite_nickel_pct": 0}, (361, 370, 415)),
    # converter: scrap 10 % × 0.23 + 深冲/管线钢 1.5
    ("gb21256_2025/bof", {"bof_scrap_ratio_pct": 10, "bof_steel_category": 3}, (-26.2, -24.2, -8.2)),
    # EAF ≥70 t: stainless ×1.10, then − 30 % hot metal × 0.8
    ("gb21256_2025/eaf_ge70", {"eaf_steel_category": 1, "eaf_hot_metal_pct": 30}, (43.1, 46.4, 55.2)),
    # EAF <50 t: 优质碳素结构钢 +8, no 2级
    ("gb21256_2025/eaf_lt50", {"eaf_steel_category": 2, "eaf_hot_metal_pct": 0}, (69, None, 94)),
]


@pytest.mark.parametrize(("ref", "params", "want"), CORRECTIONS, ids=[f"{c[0]}-{i}" for i, c in enumerate(CORRECTIONS)])
def test_correction_by_hand(ref, params, want):
    g = quota_grades(ref, params, 2027)
    got = (g.leading, g.baseline, g.limit)
    for a, b in zip(got, want, strict=True):
        assert (a is None and b is None) or a == pytest.approx(b, abs=1e-6), (got, want)


def test_cement_correction_message_and_unit():
    g = quota_grades("gb16780_2021/cement", {"clinker_ratio_pct": 80, "altitude_factor": 1.0}, 2025)
    assert (g.unit, g.standard, g.table, g.page, g.confidence) == ("kgce/t", "GB 16780-2021", "表1", "4", "S")
    assert g.base == (80, 87, 94)
    assert len(g.corrections) == 1
    code, params = g.corrections[0]
    assert code == "quota.corr.linear"
    assert (params["correction"], params["value"], params["delta"]) == ("clinker_ratio", 80, 5)
    assert (params["g1"], params["g2"], params["g3"]) == ("+5.5", "+5.75", "+6")
    assert g.warnings == []


def test_missing_parameter_uses_default_and_says_so():
    g = quota_grades("gb16780_2021/cement", {}, 2025)
    assert (g.leading, g.baseline, g.limit) == (80, 87, 94)
    codes = [(c, p["param"]) for c, p in g.warnings]
    assert codes == [("quota.warn.param_default", "clinker_ratio_pct"), ("quota.warn.param_default", "altitude_factor")]
    assert g.corrections == []


def test_out_of_range_and_unknown_parameters_are_not_applied():
    g = quota_grades("gb16780_2021/cement", {"clinker_ratio_pct": 120, "altitude_factor": 1, "kiln_age": 3}, 2025)
    assert (g.leading, g.baseline, g.limit) == (80, 87, 94)
    codes = [c for c, _ in g.warnings]
    assert codes == ["quota.warn.param_out_of_range", "quota.warn.param_unknown", "quota.warn.correction_not_applied"]
    g = quota_grades("gb21256_2025/eaf_ge70", {"eaf_steel_category": 7, "eaf_hot_metal_pct": 0}, 2027)
    assert (g.leading, g.baseline, g.limit) == (61, 64, 72)
    assert "quota.warn.param_out_of_range" in [c for c, _ in g.warnings]


def test_correction_params_for_the_ui(lib):
    specs = correction_params("gb16780_2021/cement")
    assert [s.id for s in specs] == ["clinker_ratio_pct", "altitude_factor"]
    assert (specs[0].unit, specs[0].min, specs[0].max, specs[0].default) == ("%", 0, 100, 75)
    assert correction_params("gb21340_2019/tempered_flat_plain_6mm") == []
    assert correction_params("nope/nothing") == []
    assert [o.value for o in correction_params("gb21256_2025/bof")[1].options] == [0, 1, 2, 3]
    for e in lib.entries(""):
        for s in e.params():
            assert s.unit and s.label.zh and s.label.en and s.min <= s.default <= s.max


# ---- edition by evaluation year --------------------------------------------------------------------------------

def test_fibre_before_2026_ships_no_values(lib):
    ref = "gb36889_2025/pet_direct_fdy"
    ed = lib.edition(ref, 2025)
    assert ed.ref is None and ed.reason == "quota.edition.predecessor_not_shipped"
    assert ed.params["previous"] == "GB 36889-2018"
    assert lib.in_force(ref, 2025) is None
    g = quota_grades(ref, {}, 2025)
    assert (g.leading, g.baseline, g.limit, g.edition) == (None, None, None, "quota.edition.predecessor_not_shipped")
    assert not g.available
    # 2026: the 2025 edition (in force from 1 June), said so; 2027: plainly in force
    g = quota_grades(ref, {}, 2026)
    assert (g.leading, g.baseline, g.limit) == (50, 60, 83)
    assert [c for c, _ in g.warnings] == ["quota.warn.effective_mid_year"]
    assert lib.edition(ref, 2027).reason == "quota.edition.in_force"
    assert quota_grades(ref, {}, 2027).warnings == []


@pytest.mark.parametrize(("ref", "year", "want", "reason"), [
    ("gb21256_2025/blast_furnace", 2025, None, "quota.edition.predecessor_not_shipped"),
    ("gb21256_2025/blast_furnace", 2026, "gb21256_2025/blast_furnace", "quota.edition.in_force"),
    ("gb16780_2021/cement", 2021, None, "quota.edition.not_yet_effective"),
    ("gb16780_2021/cement", 2022, "gb16780_2021/cement", "quota.edition.in_force"),
    ("gb32047_2025/beer", 2025, None, "quota.edition.predecessor_not_shipped"),
    ("gb46029_2025/formaldehyde_silver", 2025, None, "quota.edition.not_yet_effective"),
    ("gbt18916_62_2022/clinker", 2020, "gbt18916_62_2022/clinker", "quota.edition.effective_unknown"),
    ("nope/nothing", 2025, None, "quota.edition.unknown_ref"),
])
def test_edition_by_year(lib, ref, year, want, reason):
    ed = lib.edition(ref, year)
    assert (ed.ref, ed.reason) == (want, reason)
    assert lib.in_force(ref, year) == want


def test_newer_and_older_editions(tmp_path):
    """A later edition replaces an earlier one from its effective year; an early year falls back to the old one."""
    shutil.copy(QUOTA_DIR / "gb16780_2021.yaml", tmp_path)
    raw = yaml.safe_load((QUOTA_DIR / "gb16780_2021.yaml").read_text(encoding="utf-8"))
    raw.update(id="gb16780_2030", code="GB 16780-2030", issued="2030-01-01", effective="2031-03-01",
               replaces=["GB 16780-2021"])
    raw["products"] = [p for p in raw["products"] if p["id"] != "clinker_coal"]
    raw["products"][0] = {**raw["products"][0], "grade1": 70, "grade2": 80, "grade3": 90}
    (tmp_path / "gb16780_2030.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    lib = load_quotas_from(tmp_path)
    assert lib.in_force("gb16780_2021/cement", 2030) == "gb16780_2021/cement"
    ed = lib.edition("gb16780_2021/cement", 2032)
    assert (ed.ref, ed.reason, ed.params["requested"]) == ("gb16780_2030/cement", "quota.edition.newer", "GB 16780-2021")
    assert lib.edition("gb16780_2030/cement", 2025).reason == "quota.edition.older"
    assert lib.in_force("gb16780_2030/cement", 2025) == "gb16780_2021/cement"
    ed = lib.edition("gb16780_2021/clinker_coal", 2032)
    assert (ed.ref, ed.reason) == (None, "quota.edition.product_not_in_edition")
    g = quota_grades("gb16780_2021/cement", {"clinker_ratio_pct": 75, "altitude_factor": 1}, 2032, library=lib)
    assert (g.ref, g.standard, g.leading, g.baseline) == ("gb16780_2030/cement", "GB 16780-2030", 70, 80)
    assert g.warnings[0][0] == "quota.edition.newer"


def test_unknown_ref_gives_none():
    assert quota_grades("gb16780_2021/no_such_product", {}, 2025) is None
    assert quota_grades("not-a-ref", {}, 2025) is None
    with pytest.raises(KeyError):
        quota_library().get("gb16780_2021/no_such_product")


# ---- validation on load --------------------------------------------------------------------------------------

GOOD = """
id: gbx_1
code: GB 99999-2024
title: {zh: 测试限额, en: Test quota}
kind: energy
issued: 2024-01-01
effective: 2024-06-01
source: {ref: B}
confidence: S
confidence_note: 以标准正式文本为准
params:
  - {id: ratio, label: {zh: 比例, en: Ratio}, unit: "%", min: 0, max: 100, default: 50}
products:
  - {id: alpha, name: {zh: 甲, en: Alpha}, unit: kgce/t, grade1: 1, grade2: 2, grade3: 3, industries: ["3011"],
     corrections: [{id: r, kind: linear, param: ratio, reference: 50, coefficients: {grade1: 1, grade2: 1, grade3: 1}}]}
  - {id: beta, name: {zh: 乙, en: Beta}, unit: kgce/t, grade1: 1, grade2: 2, grade3: 3, industries: ["30"]}
"""

BROKEN = [
    ("grades out of order", "grade1: 1, grade2: 2, grade3: 3, industries: [\"30\"]",
     "grade1: 5, grade2: 2, grade3: 3, industries: [\"30\"]", r"beta.*grade1 5\.0 ≤ grade2 2\.0"),
    ("duplicate product id", "id: beta,", "id: alpha,", r"产品 id 重复：alpha"),
    ("industry code with letter", 'industries: ["30"]', 'industries: ["C30"]', r"beta.*行业代码"),
    ("industry code too long", 'industries: ["30"]', 'industries: ["30111"]', r"beta.*行业代码"),
    ("empty unit", "name: {zh: 乙, en: Beta}, unit: kgce/t", "name: {zh: 乙, en: Beta}, unit: \"\"", r"条目 beta 字段 unit"),
    ("no grade at all", "grade1: 1, grade2: 2, grade3: 3, industries: [\"30\"]", "industries: [\"30\"]", r"beta.*至少"),
    ("bad date", "effective: 2024-06-01", "effective: 2024-13-01", r"字段 effective"),
    ("effective before issued", "effective: 2024-06-01", "effective: 2023-06-01", r"早于发布日期"),
    ("undeclared parameter", "param: ratio", "param: ratio_pct", r"alpha.*ratio_pct 未在 params 中声明"),
    ("parameter without default", ', default: 50}', '}', r"条目 ratio 字段 default"),
    ("default outside range", "default: 50", "default: 500", r"ratio.*默认值 500"),
    ("parameter without unit", 'unit: "%"', 'unit: ""', r"条目 ratio 字段 unit"),
    ("label without en", "label: {zh: 比例, en: Ratio}", "label: {zh: 比例}", r"条目 ratio 字段 label\.en"),
    ("linear without coefficients", ", coefficients: {grade1: 1, grade2: 1, grade3: 1}", "", r"alpha/r.*coefficients"),
    ("unknown field", "kind: energy", "kind: energy\nfoo: 1", r"字段 foo"),
    ("unknown kind", "kind: energy", "kind: gas", r"字段 kind"),
    ("missing confidence note", "confidence_note: 以标准正式文本为准", "", r"字段 confidence_note"),
]


@pytest.mark.parametrize(("what", "old", "new", "pattern"), BROKEN, ids=[b[0] for b in BROKEN])
def test_bad_file_names_file_and_row(tmp_path, what, old, new, pattern):
    assert old in GOOD, what
    (tmp_path / "gbx_1.yaml").write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogueError) as exc:
        load_quotas_from(tmp_path)
    msg = str(exc.value)
    assert "gbx_1.yaml" in msg and re.search(pattern, msg), msg


def test_good_file_loads(tmp_path):
    (tmp_path / "gbx_1.yaml").write_text(GOOD, encoding="utf-8")
    lib = load_quotas_from(tmp_path)
    g = quota_grades("gbx_1/alpha", {"ratio": 60}, 2025, library=lib)
    assert (g.leading, g.baseline, g.limit) == (11, 12, 13)


def test_water_quota_has_no_grade3_and_file_name_is_id(tmp_path):
    water = GOOD.replace("kind: energy", "kind: water")
    (tmp_path / "gbx_1.yaml").write_text(water, encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"gbx_1\.yaml.*alpha.*grade3"):
        load_quotas_from(tmp_path)
    (tmp_path / "gbx_1.yaml").unlink()
    (tmp_path / "other.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"other\.yaml.*gbx_1\.yaml"):
        load_quotas_from(tmp_path)


def test_duplicate_code_and_yaml_syntax(tmp_path):
    (tmp_path / "gbx_1.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "gbx_2.yaml").write_text(GOOD.replace("id: gbx_1", "id: gbx_2"), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"gbx_2\.yaml.*GB 99999-2024.*gbx_1\.yaml"):
        load_quotas_from(tmp_path)
    (tmp_path / "gbx_2.yaml").write_text("id: [\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"gbx_2\.yaml.*YAML"):
        load_quotas_from(tmp_path)


def test_shipped_files_reject_a_swapped_row(tmp_path):
    """The shipped data itself is guarded: swap cement 1级 and 2级 and the load fails naming file and row."""
    text = (QUOTA_DIR / "gb16780_2021.yaml").read_text(encoding="utf-8")
    (tmp_path / "gb16780_2021.yaml").write_text(text.replace("grade1: 80\n", "grade1: 88\n", 1), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"gb16780_2021\.yaml.*cement"):
        load_quotas_from(tmp_path)


# ---- search --------------------------------------------------------------------------------------------------

def _refs(entries) -> set[str]:
    return {e.ref for e in entries}


def test_search_by_name(lib):
    assert "gb16780_2021/cement" in _refs(lib.search("水泥"))
    assert len(lib.search("钢化玻璃")) == 36
    assert len(lib.search("tempered")) == 36
    assert _refs(lib.search("fdy")) == _refs(lib.search("FDY")) and len(lib.search("FDY")) == 8
    assert _refs(lib.search("GB 16780")) == {f"gb16780_2021/{i}" for i in CEMENT_IDS.values()}
    assert lib.search("no such product anywhere") == []


def test_search_by_industry_both_directions(lib):
    enterprise = _refs(lib.search(industry="2822"))  # a polyester spinner
    assert "gb36889_2025/pet_direct_fdy" in enterprise and "gb36889_2025/viscose_staple" not in enterprise
    assert "gb16780_2021/cement" not in enterprise
    division = _refs(lib.search(industry="28"))  # enterprise code shorter than the product codes
    assert enterprise < division and "gb36889_2025/viscose_staple" in division
    # product code shorter than the enterprise's: recovered-paper pulp is coded 221, an enterprise 2212 matches it
    assert "gb31825_2024/recycled_deinked" in _refs(lib.search(industry="2212"))
    assert _refs(lib.search(industry="C3011")) == _refs(lib.search(industry="3011"))
    assert _refs(lib.search("熟料单位", industry="3011")) == {"gb16780_2021/clinker", "gb16780_2021/clinker_power",
                                                         "gb16780_2021/clinker_coal"}


def test_search_by_kind(lib):
    water = _refs(lib.search(industry="3011", kind="water"))
    assert water == {"gbt18916_62_2022/clinker"}
    assert "gbt18916_62_2022/clinker" not in _refs(lib.search(industry="3011"))
    both = _refs(lib.search(industry="3011", kind=""))
    assert water < both and "gb16780_2021/cement" in both
    assert len(lib.search(kind="water")) == 12 and len(lib.search()) == 233


# ---- every code has words -------------------------------------------------------------------------------------

def test_emitted_codes_have_words_in_both_languages():
    from locales import say, table

    calls = [("gb16780_2021/cement", {"clinker_ratio_pct": 80, "altitude_factor": 1.05, "x": 1}, 2022),
             ("gb16780_2021/cement", {"clinker_ratio_pct": 500}, 2022), ("gb21340_2019/flat_le500", {"glass_factor_a": 1.1}, 2025),
             ("gb21256_2025/eaf_ge70", {"eaf_steel_category": 1}, 2026), ("gb36889_2025/pa6_fdy", {}, 2025),
             ("gb46029_2025/formaldehyde_silver", {}, 2024), ("gbt18916_8/natural_gas", {}, 2025)]
    messages = []
    for ref, params, year in calls:
        g = quota_grades(ref, params, year)
        messages += g.corrections + g.warnings + [(g.edition, {})]
    codes = {c for c, _ in messages}
    assert {"quota.corr.linear", "quota.corr.factor", "quota.corr.option", "quota.warn.param_default",
            "quota.warn.param_out_of_range", "quota.warn.param_unknown", "quota.warn.correction_not_applied",
            "quota.warn.grade_not_defined", "quota.warn.effective_mid_year"} <= codes
    messages = json.loads(json.dumps(messages))  # results are stored as JSON: the words must survive it
    for lang in ("zh", "en"):
        keys = table(lang)
        for code, params in messages:
            assert code in keys, (lang, code)
            if params:
                text = say(lang, code, **params)
                assert "{" not in text and "'zh'" not in text, (lang, code, text)
    zh = say("zh", "quota.corr.linear", **quota_grades("gb16780_2021/cement", {"clinker_ratio_pct": 80}, 2025).corrections[0][1])
    assert zh == "按水泥中熟料配比 80 % 修正（基准 75）：1级 +5.5，2级 +5.75，3级 +6"
    assert {k for k in table("zh") if k.startswith("quota.")} == {k for k in table("en") if k.startswith("quota.")}
