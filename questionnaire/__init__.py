"""Excel questionnaire: the whole assessment as an .xlsx form to fill offline (layout, build), read back into a
list of changes against the draft, each naming its sheet and cell (read). No Streamlit here."""
