"""Report: what commissioners and participants take away, made when it is downloaded."""
import re

import pandas as pd
import streamlit as st

from wtfc import charts
from wtfc.app.common import actions, may_change, require_workshop, store, workshops
from wtfc.compare import comparison_chart, comparison_rows, comparison_workbook, compare_workshops
from wtfc.export import statements_csv, workbook_bytes
from wtfc.model import CATEGORIES
from wtfc.report_html import report_html
from wtfc.workshop_file import export_workshop

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_stem(name: str) -> str:
    return re.sub(r"[^\w-]+", "-", name).strip("-").lower() or "workshop"


workshop = require_workshop("Report")
stem = file_stem(workshop.name)
st.title("Report")

st.header("For commissioners and providers")
st.write("The theme spreadsheet: every theme with its counts, votes and priority; every statement; the "
         "priorities with their causes and actions; live charts; and how it was all made.")
left, right = st.columns(2)
left.download_button("Theme spreadsheet (Excel)", lambda: workbook_bytes(actions(workshop.id).report()),
                     file_name=f"{stem}-themes.xlsx", mime=XLSX, on_click="ignore", type="primary",
                     icon=":material/table_view:")
right.download_button("Statements with their themes (CSV)",
                      lambda: statements_csv(store().statements(workshop.id), store().themes(workshop.id)),
                      file_name=f"{stem}-statements.csv", mime="text/csv", on_click="ignore",
                      icon=":material/download:")

st.header("For the people who took part")
st.write("A plain report of what was heard, the themes, the priorities and what will change. Open it in a "
         "browser to read or print it; it needs no internet connection.")
st.download_button("Plain report (web page to print or share)", lambda: report_html(actions(workshop.id).report()),
                   file_name=f"{stem}-report.html", mime="text/html", on_click="ignore", icon=":material/article:")

st.header("Move this workshop to another computer")
st.write("One file with everything, history included. Open it on the other computer from the Workshops page.")
# The names are people's real names: only someone who may change the workshop may take them away.
include_names = may_change(workshop.id) and st.checkbox(
    "Include the list of names to remove",
    help="They are people's real names, so they are left out unless you tick this.")
st.download_button("Workshop file", lambda: export_workshop(store(), workshop.id, include_names=include_names),
                   file_name=f"{stem}.wtfc.json", mime="application/json", on_click="ignore",
                   icon=":material/save:")

st.header("Compare with an earlier workshop")
others = {w.id: w for w in workshops().visible() if w.id != workshop.id}
if not others:
    st.caption("There is no other workshop to compare with yet.")
else:
    earlier = st.selectbox("Earlier workshop", list(others), format_func=lambda i: others[i].name, index=None,
                           placeholder="Choose a workshop…", key="compare-with")
    if earlier:
        comparison = compare_workshops(store(), earlier, workshop.id)
        category = st.segmented_control("Category", CATEGORIES, default=CATEGORIES[1], key="compare-category",
                                        format_func=lambda c: charts.CATEGORY_TITLES[c]) or CATEGORIES[1]
        st.plotly_chart(comparison_chart(comparison, category), theme=None, config=charts.CHART_CONFIG)
        st.dataframe(pd.DataFrame(comparison_rows(comparison)), hide_index=True, width="stretch")
        st.download_button("The comparison (Excel)", lambda: comparison_workbook(comparison),
                           file_name=f"{stem}-compared.xlsx", mime=XLSX, on_click="ignore")
