"""Import from the statistical forms enterprises already fill (国家统计局 统计报表):

- 205-1《能源购进、消费与库存》: energy carriers by 代码 with 计量单位; 工业生产消费 becomes the wizard's energy by
  carrier, 用于原材料 its feedstock energy;
- 205-4《工业企业用水情况》: water withdrawal by source (total), reuse (重复用水量);
- B204-1《工业产销总值及主要产品产量》: 工业总产值 (当年价) and product output.

The files are read by the shared input layer (pool.intake sniffing and csv, pool.xlsx via python-calamine,
pool.validation / scoring.cells for each cell). Nothing here knows Streamlit; words are locales.Msg codes (section
`forms`). `preview()` returns what would be taken (sheet, cell, source value and unit, converted value, target
field) and the rows it does not know; the caller applies `Preview.changes()` only after the user confirmed.
"""

from forms.read import Preview, Taken, Unknown, preview

__all__ = ["Preview", "Taken", "Unknown", "preview"]
