"""The cultivation pool (培育库): many assessments at once.

Intake (xlsx, csv, wizard JSON, zip), the column model, scoring a whole pool with the engine's own formulas,
ranking and grades, district targets, the workbook template and ranked export, the demo pool, `python -m pool`.
"""
