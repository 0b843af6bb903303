"""Rules that are data but belong to no rule-set: upload limits, relative-grade shares, effort costs.

Each value is defined here once, beside its source or reason (`SOURCES`, one entry per constant; a test keeps them
in step). Every user imports the constant from this module: the pool's intake and its messages, the template's
instructions, the wizard's JSON reader, the ranking and the what-if planner. Per-rule-set rules (weights, 基准值,
levels, which level is municipal) are catalogue YAML, not here.
"""

from __future__ import annotations

MB = 1024 * 1024

# ---- uploads (pool intake, wizard JSON) -----------------------------------------------------------------------
MAX_FILE_BYTES = 50 * MB
MAX_ROWS = 100_000
MAX_COLUMNS = 312  # column KZ; LA and beyond are refused
MAX_ZIP_MEMBERS = 20_000
MAX_ZIP_RATIO = 200
ZIP_RATIO_FROM_BYTES = 10 * MB
MAX_UNZIPPED_BYTES = 400 * MB
MAX_JSON_BYTES = 2 * MB
MAX_NUMBER = 1e15

# ---- relative grades of a pool (企业绿码 style) ---------------------------------------------------------------
# (grade, share): an enterprise whose share of graded enterprises strictly ahead of it is below `share` gets the
# grade; the first that fits wins; the rest get GRADE_REST.
GRADE_CUTS: tuple[tuple[str, float], ...] = (("A+", 0.05), ("A", 0.40))
GRADE_REST = "B"
GRADE_SOURCE = "工信部“企业绿码”A+/A/B 约为前 5%/35%/60%（参考资料 §4.1，二手来源 [S]）"

# ---- what-if planner --------------------------------------------------------------------------------------------
EFFORT_COST: dict[str, int] = {"low": 1, "medium": 3, "high": 9}

SOURCES: dict[str, str] = {
    "MB": "unit",
    "MAX_FILE_BYTES": "an upload limit of our own: a 5 000-enterprise template is about 2 MB, 50 MB leaves room for "
                      "100 000 rows; Streamlit's own default limit is 200 MB (stack-notes §9.6)",
    "MAX_ROWS": "an upload limit of our own: a district pool (海曙区 about 1 000 industrial enterprises) fits many "
                "times; more rows are split into several imports",
    "MAX_COLUMNS": "an upload limit of our own: the widest column model has about 230 columns; with MAX_ROWS it "
                   "bounds the grid the xlsx reader allocates (calamine reads a sheet as a dense grid: two cells at A1 "
                   "and XFD1048576 would ask for 500 GB and abort the process)",
    "MAX_ZIP_MEMBERS": "an upload limit of our own: wizard JSON files in one zip (one per enterprise)",
    "MAX_ZIP_RATIO": "zip-bomb check: an xlsx sheet compresses about 10:1, a JSON about 5:1; a member over "
                     "ZIP_RATIO_FROM_BYTES unpacked that is over 200:1 is a bomb, not a spreadsheet",
    "ZIP_RATIO_FROM_BYTES": "small members may compress very well (empty sheets); the ratio check starts here",
    "MAX_UNZIPPED_BYTES": "zip-bomb check: everything a zip unpacks to, in total",
    "MAX_JSON_BYTES": "a wizard export of one enterprise is under 100 KB; 2 MB is not such a file",
    "MAX_NUMBER": "no pool figure is larger (工业总产值 in 万元, energy in kWh); a bigger one is a typing slip and "
                  "would overflow products",
    "GRADE_CUTS": GRADE_SOURCE,
    "GRADE_REST": GRADE_SOURCE,
    "GRADE_SOURCE": "reference/green-factory-standards.md §4.1",
    "EFFORT_COST": "assumption (scoring/whatif.py docstring): the catalogue gives an action's effort, not money; "
                   "low = 1, medium = 3, high = 9 says only that each step up costs about three times as much",
}
