"""The commissioners' theme spreadsheet: its sheets, formatting, safety, charts and method, read back with
openpyxl, pandas and LibreOffice, and imported into a new workshop to give the same statements and themes.

One small synthetic workshop is built through the same edits and import the pages use (statements with
formula-like text, a redacted phone number and name, suggested and hand-made themes, two themes with one
name, an unnamed theme, a set-aside statement, votes in two sessions, a placing, causes, success, actions
and an undone edit); its workbook is written once for the module.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from collections import Counter
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from wtfc import __version__, edits, gather
from wtfc.actions import Actions
from wtfc.export import (DATE_FORMAT, SHEETS, STATEMENT_COLUMNS, spreadsheet_safe, statements_csv, theme_labels,
                         workbook_bytes, workshop_report)
from wtfc.importer import FORMULA_STARTS, named_themes, preview_import, unescaped
from wtfc.model import (FUTURE, NOT_WORKING, PROVIDER, WHOLE_ROOM, WORKING, Action, Statement, Theme, VotingRound)
from wtfc.priorities import PRIORITY_RULE
from wtfc.store import Store, StoreError
from wtfc.theming import DEFAULT_MIN_CONFIDENCE, ThemeSuggester

SOFFICE = os.environ.get("WTFC_SOFFICE", "/usr/bin/soffice")
FORMULA_LIKE = ["=1+1", "-3 visits were missed last week", "@SUM(A1) is what the rota sheet says",
                "+44 is the code my son dials from Spain"]
SAID = [  # person, perspective, category, text
    ("P02", "person", NOT_WORKING, "My carers are often late"),
    ("P02", "person", NOT_WORKING, FORMULA_LIKE[0]),
    ("P04", "staff", NOT_WORKING, FORMULA_LIKE[1]),
    ("P03", "family/carer", NOT_WORKING, "Mum never knows who is coming"),
    ("P05", "other", NOT_WORKING, FORMULA_LIKE[2]),
    ("P08", "person", NOT_WORKING, "Nobody reads my care plan"),
    ("P03", "family/carer", WORKING, FORMULA_LIKE[3]),
    ("P04", "staff", WORKING, "Carers know how Dad likes his tea"),
    ("P06", "person", WORKING, "The office rings back the same day"),
    ("P06", "person", FUTURE, "I want to stay in my own home"),
    ("", "person", FUTURE, "I would like to get out to the shops"),
    ("P07", "person", FUTURE, "I want my garden kept tidy"),
    ("P02", "person", FUTURE, "I want to keep my dog"),
]
REVIEWS_CSV = ("Person,Name,Perspective,Category,Statement,Service,Area,Review date\n"
               "P01,Ada Quenby,Person,What's working,Ada Quenby's carers ring 07700 900123 if they are late,"
               "Homecare North,Leeds,12/01/2026\n")
HYPERLINK = '=HYPERLINK("http://example.invalid","click")'


def build(store: Store) -> dict:
    """The synthetic workshop; returns what the tests check against."""
    workshop_id = store.create_workshop("Leeds homecare spring").id
    gather.import_preview(store, workshop_id, gather.preview_file(store, workshop_id, REVIEWS_CSV.encode(),
                                                                  "reviews.csv"))
    start = len(store.statements(workshop_id))
    store.apply(workshop_id, edits.add_statements(
        [Statement(text, category, perspective, person, service="Homecare North", area="Leeds",
                   review_date=f"2026-02-{n + 1:02d}", source_file="typed in", position=start + n)
         for n, (person, perspective, category, text) in enumerate(SAID)], ""))
    by_text = {s.text: s for s in store.statements(workshop_id)}

    Actions(store, workshop_id).suggest_themes([WORKING])
    suggestion = store.edit_changes(workshop_id, store.history(workshop_id)[-1].seq)
    suggested = sum(1 for c in suggestion if c.table == "themes" and c.after and not c.before)
    first_suggested = next(t for t in store.themes(workshop_id) if t.category == WORKING)
    store.apply(workshop_id, edits.rename_theme(first_suggested, HYPERLINK))

    late = Theme(NOT_WORKING, "I want my visits on time", position=10)
    know = Theme(NOT_WORKING, "I want to know who is coming", position=11)
    home = Theme(FUTURE, "I want to stay at home", position=12)
    home_again = Theme(FUTURE, "I want to stay at home", position=13)
    unnamed = Theme(FUTURE, "", position=14)
    store.apply(workshop_id, edits.create_themes([late, know, home, home_again, unnamed]))
    for theme, texts in [(late, SAID[0:3]), (know, SAID[3:5]), (home, SAID[9:10]), (home_again, SAID[11:12]),
                         (unnamed, SAID[10:11])]:
        store.apply(workshop_id, edits.move_statements([by_text[t[3]] for t in texts], theme))
    store.apply(workshop_id, edits.set_aside([by_text[SAID[12][3]]]))

    whole = VotingRound(WHOLE_ROOM, ballot=(late.id, know.id), dots=3, title="Top worries")
    store.apply(workshop_id, edits.open_round(whole))
    store.apply(workshop_id, edits.record_tally(whole, [], {late.id: 4, know.id: 6}))
    store.phone_votes.cast(store.phone_votes.link_token(workshop_id, whole.id), "phone-1", {late.id: 3})
    provider = VotingRound(PROVIDER, ballot=(late.id,), dots=2)
    store.apply(workshop_id, edits.open_round(provider))
    store.apply(workshop_id, edits.record_tally(provider, [], {late.id: 2}))
    store.apply(workshop_id, edits.set_priority(know, WHOLE_ROOM, 1, "Families asked for it first", []))

    store.apply(workshop_id, edits.add_cause(late, None, "Rotas leave no travel time"))
    store.apply(workshop_id, edits.add_cause(late, store.plans(workshop_id)[late.id], "Visits are paid by the minute"))
    store.apply(workshop_id, edits.set_success(late, store.plans(workshop_id)[late.id], "Visits start on time"))
    store.apply(workshop_id, edits.add_action(late, Action(late.id, "Put travel time into every rota",
                                                           owner="Homecare North manager", due="2026-06-30")))
    store.apply(workshop_id, edits.add_action(late, Action(late.id, "Pay for travel time", owner="Commissioners",
                                                           level="commissioner", position=1)))
    kind = store.themes(workshop_id)[0]
    store.apply(workshop_id, edits.mark_strength(kind, None))
    store.apply(workshop_id, edits.rename_theme(home, "I want to stay in my own home"))
    store.undo(workshop_id)
    return {"workshop_id": workshop_id, "late": late, "know": know, "suggested": suggested, "kind": kind}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("workbook") / "workshops.sqlite") as store:
        facts = build(store)
        report = workshop_report(store, facts["workshop_id"])
        data = workbook_bytes(report)
        yield {**facts, "store": store, "report": report, "data": data,
               "book": openpyxl.load_workbook(io.BytesIO(data))}


def rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


# -- layout and formatting --------------------------------------------------------------------------

def test_the_workbook_has_the_five_sheets_in_order(built):
    assert built["book"].sheetnames == list(SHEETS) == ["Summary", "Statements", "Priorities and actions",
                                                          "Charts", "Method"]


@pytest.mark.parametrize("title", ["Summary", "Statements", "Priorities and actions", "Method"])
def test_each_table_has_a_bold_frozen_filtered_header_and_prints_landscape_one_page_wide(built, title):
    sheet = built["book"][title]
    header = sheet[1]
    assert all(cell.font.bold for cell in header)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{header[-1].column_letter}{sheet.max_row}"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert all(sheet.column_dimensions[cell.column_letter].width >= 10 for cell in header)


def test_the_statements_sheet_has_the_csv_columns_wrapped_text_and_real_dates(built):
    sheet = built["book"]["Statements"]
    assert [c.value for c in sheet[1]] == [c.header for c in STATEMENT_COLUMNS]
    assert statements_csv([], []).decode("utf-8-sig").strip() == ",".join(c.header for c in STATEMENT_COLUMNS)
    headers = [c.value for c in sheet[1]]
    text, date_cell = sheet.cell(2, headers.index("Statement") + 1), sheet.cell(3, headers.index("Review date") + 1)
    assert text.alignment.wrap_text and text.alignment.vertical == "top"
    assert sheet.column_dimensions["A"].width == 60
    assert date_cell.is_date and date_cell.number_format == DATE_FORMAT
    assert date_cell.value == datetime(2026, 2, 1)
    assert len(rows(sheet)) == len(built["store"].statements(built["workshop_id"])) == 14


def test_a_row_with_long_wrapped_text_is_made_tall_enough_to_show_it(built):
    sheet = built["book"]["Method"]
    method = [c.value for c in sheet["A"]]
    long_row = method.index("How priorities are ordered") + 1
    short_row = method.index("Statements") + 1
    assert sheet.row_dimensions[long_row].height >= 30
    assert sheet.row_dimensions[short_row].height is None


# -- safety -----------------------------------------------------------------------------------------

def test_text_that_looks_like_a_formula_comes_back_as_literal_text(built):
    book = built["book"]
    statements = {row["Statement"]: row for row in rows(book["Statements"])}
    for text in FORMULA_LIKE:
        assert "'" + text in statements
    themed = [row["Theme"] for row in rows(book["Summary"])]
    assert "'" + HYPERLINK in themed
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} holds a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), f"{sheet.title}!{cell.coordinate}"


def test_the_file_has_no_external_links_hyperlinks_or_macros(built):
    names = zipfile.ZipFile(io.BytesIO(built["data"])).namelist()
    assert not [n for n in names if "externalLink" in n or n.endswith(".bin") or "vbaProject" in n]
    relations = "".join(zipfile.ZipFile(io.BytesIO(built["data"])).read(n).decode()
                        for n in names if n.endswith(".rels"))
    assert 'TargetMode="External"' not in relations and "hyperlink" not in relations


def test_personal_details_that_were_redacted_appear_nowhere_in_the_file(built):
    archive = zipfile.ZipFile(io.BytesIO(built["data"]))
    everything = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))
    stored = next(s for s in built["store"].statements(built["workshop_id"]) if "[phone]" in s.text)
    assert {r.kind for r in stored.redactions} == {"name", "phone"}
    assert stored.text in everything
    for detail in ["07700", "900123", "Ada", "Quenby"]:
        assert detail not in everything


# -- what the sheets say ----------------------------------------------------------------------------

def test_the_summary_counts_statements_people_perspectives_votes_and_places(built):
    summary = {(row["Category"], row["Theme"]): row for row in rows(built["book"]["Summary"])}
    late = summary[(NOT_WORKING, "I want my visits on time")]
    assert (late["Number of statements"], late["Number of people"]) == (3, 2)  # P02 said two of them
    assert (late["From the person"], late["From staff"], late["From family or carers"], late["From others"]) == \
        (2, 1, 0, 0)
    assert (late["Votes: whole room"], late["Votes: provider"]) == (7, 2)  # tally 4 + a phone's 3
    assert (late["Priority: whole room"], late["Priority: provider"]) == (2, 1)
    know = summary[(NOT_WORKING, "I want to know who is coming")]
    assert (know["Votes: whole room"], know["Priority: whole room"]) == (6, 1)  # placed first by hand
    assert know["Votes: provider"] is None  # not on the provider ballot
    assert "Votes: commissioner" not in late  # that session never voted
    assert summary[(FUTURE, "I want to stay at home")]["Number of statements"] == 1
    assert summary[(FUTURE, "I want to stay at home (2)")]["Number of statements"] == 1
    assert summary[(FUTURE, "Unnamed theme")]["Number of people"] == 1  # no reference: a person of its own
    assert (FUTURE, "Unassigned") not in summary  # its only unassigned statement is set aside, so not counted
    assert list(summary)[-1] == (NOT_WORKING, "Unassigned")  # after every theme, so charts read themes only
    assert summary[(NOT_WORKING, "Unassigned")]["Number of statements"] == 1
    assert summary[(NOT_WORKING, "Unassigned")]["Priority: whole room"] is None


def test_a_session_ranks_only_the_themes_it_voted_on_or_placed(built):
    summary = {(row["Category"], row["Theme"]): row for row in rows(built["book"]["Summary"])}
    assert summary[(NOT_WORKING, "I want my visits on time")]["Priority: provider"] == 1
    assert summary[(NOT_WORKING, "I want to know who is coming")]["Priority: provider"] is None  # not on its ballot
    never_voted_on = [row for (category, _), row in summary.items() if category != NOT_WORKING]
    assert never_voted_on and all(row["Priority: whole room"] is None and row["Priority: provider"] is None
                                  for row in never_voted_on)


def test_every_priority_of_every_session_is_listed_with_or_without_a_plan(built):
    listed = rows(built["book"]["Priorities and actions"])
    know = [row for row in listed if row["Theme"] == "I want to know who is coming"]
    assert len(know) == 1  # a whole-room priority with no causes, success or action yet
    assert (know[0]["Priority: whole room"], know[0]["Priority: provider"], know[0]["Action"]) == (1, None, None)
    assert [row["Theme"] for row in listed][:3] == ["I want to know who is coming", "I want my visits on time",
                                                    "I want my visits on time"]  # in the whole room's order
    assert not [row for row in listed if row["Theme"] == "I want to stay at home"]  # never a priority


def test_priorities_and_actions_list_causes_success_and_each_action(built):
    listed = rows(built["book"]["Priorities and actions"])
    late = [row for row in listed if row["Theme"] == "I want my visits on time"]
    assert [row["Action"] for row in late] == ["Put travel time into every rota", "Pay for travel time"]
    assert late[0]["Deep causes (why?)"] == "1. Rotas leave no travel time\n2. Visits are paid by the minute"
    assert late[0]["What success looks like"] == "Visits start on time"
    assert (late[0]["Owner"], late[0]["Level"], late[0]["Status"]) == ("Homecare North manager", "provider",
                                                                       "not started")
    assert late[0]["Due"] == datetime(2026, 6, 30) and late[1]["Due"] is None
    strength = [row for row in listed if row["Strength to build on"] == "yes"]
    assert len(strength) == 1 and strength[0]["Action"] is None
    sheet = built["book"]["Priorities and actions"]
    due = sheet.cell(2 + listed.index(late[0]), [c.value for c in sheet[1]].index("Due") + 1)
    assert due.number_format == DATE_FORMAT


def test_the_charts_are_native_bar_charts_reading_the_summary_sheet(built):
    book = built["book"]
    charts = book["Charts"]._charts
    summary = book["Summary"]
    titles = ["".join(run.t for p in c.title.tx.rich.p for run in p.r) for c in charts]
    assert titles == ["What's working: statements per theme", "What's not working: statements per theme",
                      "What's important for the future: statements per theme", "Votes per theme"]
    assert all(c.tagname == "barChart" for c in charts)

    def cells(reference: str) -> list:
        sheet, cells_ = reference.split("!")
        assert sheet == "'Summary'"
        found = summary[cells_.replace("$", "")]
        return [c.value for row in found for c in row] if isinstance(found, tuple) else [found.value]

    not_working = charts[1].series[0]
    assert cells(not_working.cat.strRef.f) == ["I want my visits on time", "I want to know who is coming"]
    assert cells(not_working.val.numRef.f) == [3, 2]
    assert cells(not_working.tx.strRef.f) == ["Number of statements"]
    votes = charts[3].series
    assert [cells(s.tx.strRef.f) for s in votes] == [["Votes: whole room"], ["Votes: provider"]]
    assert 7 in cells(votes[0].val.numRef.f) and 6 in cells(votes[0].val.numRef.f)


def test_the_method_sheet_says_how_the_spreadsheet_was_made(built):
    method = dict(built["book"]["Method"].iter_rows(min_row=2, values_only=True))
    store, workshop_id = built["store"], built["workshop_id"]
    assert method["Workshop"] == "Leeds homecare spring"
    assert isinstance(method["Workshop created (UTC)"], datetime)
    assert (method["First review date"], method["Last review date"]) == (datetime(2026, 1, 12),
                                                                          datetime(2026, 2, 13))
    assert method["Made with"] == f"wtfc {__version__}"
    assert method["Themes suggested by the app"] == built["suggested"] > 0
    assert method["Seed (random_state)"] == 0
    params = ThemeSuggester().get_params()
    assert method["Theming setting: max_themes"] == params["max_themes"]
    assert method["Theming setting: n_themes"] == "chosen automatically"
    assert method["Themes last suggested for"] == WORKING
    in_force = Counter(e.kind for e in store.history(workshop_id) if e.status == "done")
    assert {k.removeprefix("Changes made: "): v for k, v in method.items() if k.startswith("Changes made: ")} \
        == dict(in_force)
    assert method["Changes made: move"] == 5 and method["Changes undone (not counted above)"] == 1
    assert method["Personal details taken out of statements"] == 2
    assert method["Personal details taken out: phone"] == 1
    assert method["Statements set aside (not counted)"] == 1
    assert PRIORITY_RULE in method["How priorities are ordered"]
    assert "distinct person references" in method["How statements and people are counted"]


def test_the_method_sheet_gives_the_settings_the_themes_were_suggested_with(store):
    actions = Actions(store, store.create_workshop("Chosen count").id)
    actions.type_review(person_ref="P1", perspective="person", statements_by_category={
        NOT_WORKING: "Carers are late\nVisits are rushed\nNobody rings when late\nDifferent carer each day\n"
                     "The office never answers\nMy tea is cold",
        WORKING: "My carer is kind\nThe office rings back"})
    actions.suggest_themes([NOT_WORKING], n_themes=3, random_state=5)
    actions.suggest_themes([WORKING], n_themes=1)
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(workshop_report(store, actions.workshop_id))))
    method = dict(book["Method"].iter_rows(min_row=2, values_only=True))
    assert method["Themes last suggested for"] == f"{WORKING}, {NOT_WORKING}"
    assert method[f"Theming setting ({NOT_WORKING}): n_themes"] == 3
    assert method[f"Seed (random_state) ({NOT_WORKING})"] == 5
    assert method[f"Theming setting ({WORKING}): n_themes"] == 1
    assert method[f"Seed (random_state) ({WORKING})"] == 0
    assert method[f"Theming setting ({WORKING}): min_confidence"] == DEFAULT_MIN_CONFIDENCE  # a number, not "auto"
    actions.undo()  # the undone suggestion's settings are no longer the ones in force
    method = dict(openpyxl.load_workbook(io.BytesIO(workbook_bytes(workshop_report(store, actions.workshop_id))))
                  ["Method"].iter_rows(min_row=2, values_only=True))
    assert (method["Themes last suggested for"], method["Theming setting: n_themes"]) == (NOT_WORKING, 3)


def test_the_report_gathers_plain_data_for_other_outputs(built):
    report = built["report"]
    assert report.sessions == (WHOLE_ROOM, PROVIDER)
    assert report.votes[WHOLE_ROOM][built["late"].id] == 7
    assert [p.theme_id for p in report.priorities[WHOLE_ROOM][:2]] == [built["know"].id, built["late"].id]
    assert report.redactions == {"name": 1, "phone": 1} and report.redaction_count == 2
    assert report.review_dates == (date(2026, 1, 12), date(2026, 2, 13))
    assert report.themes_suggested == built["suggested"]


# -- reading it back --------------------------------------------------------------------------------

def test_pandas_reads_every_sheet_back(built):
    frames = pd.read_excel(io.BytesIO(built["data"]), sheet_name=None)
    assert list(frames) == list(SHEETS)
    statements = frames["Statements"]
    assert list(statements.columns) == [c.header for c in STATEMENT_COLUMNS]
    assert set(statements["Category"]) == {WORKING, NOT_WORKING, FUTURE}
    assert "'=1+1" in set(statements["Statement"])
    assert statements["Review date"].dtype.kind == "M"
    assert frames["Summary"]["Number of statements"].sum() == 13  # 14 statements, one set aside


def test_libreoffice_opens_the_workbook_and_reads_every_sheet(built, tmp_path):
    if not (shutil.which(SOFFICE) or os.path.exists(SOFFICE)):
        if os.environ.get("CI"):
            pytest.fail(f"LibreOffice not found at {SOFFICE}; CI must run this (Debian: libreoffice-calc)")
        pytest.skip(f"LibreOffice not found at {SOFFICE} (Debian: apt-get install libreoffice-calc)")
    source = tmp_path / "themes.xlsx"
    source.write_bytes(built["data"])
    every_sheet_as_csv = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    done = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                           "--convert-to", every_sheet_as_csv, "--outdir", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    read = {title: pd.read_csv(tmp_path / f"themes-{title}.csv", keep_default_na=False)
            for title in ("Summary", "Statements", "Method")}
    assert list(read["Statements"].columns) == [c.header for c in STATEMENT_COLUMNS]
    assert set(FORMULA_LIKE) <= {unescaped(text) for text in read["Statements"]["Statement"]}
    assert "'=1+1" in set(read["Statements"]["Statement"])
    assert read["Summary"]["Number of statements"].sum() == 13
    assert "Leeds homecare spring" in set(read["Method"]["Detail"])


def test_importing_the_statements_sheet_into_a_new_workshop_gives_the_same_statements_and_themes(built):
    store, original_id = built["store"], built["workshop_id"]
    copy_id = store.create_workshop("Leeds homecare spring, imported").id
    preview = gather.preview_file(store, copy_id, built["data"], "theme spreadsheet.xlsx")
    assert preview.sheet == "Statements" and not preview.problems
    gather.import_preview(store, copy_id, preview, include_no_content=True)

    def said(workshop_id):
        return sorted((s.text, s.category, s.perspective, s.person_ref or "") for s in store.statements(workshop_id))

    original, copy = said(original_id), said(copy_id)
    assert [row[:3] for row in copy] == [row[:3] for row in original]
    for (_, _, _, before), (_, _, _, after) in zip(original, copy):
        assert after == before or (before == "" and after.startswith("Row "))  # a person of their own either way

    def membership(workshop_id):
        labels = theme_labels(store.themes(workshop_id))
        return {s.text: labels.get(s.theme_id) for s in store.statements(workshop_id)}

    assert membership(copy_id) == membership(original_id)
    assert Counter(t.category for t in store.themes(copy_id)) == Counter(
        t.category for t in store.themes(original_id)
        if any(s.theme_id == t.id for s in store.statements(original_id)))
    assert store.history(copy_id)[-1].kind == "import"


def test_the_csv_of_statements_round_trips_too(built, tmp_path):
    store, original_id = built["store"], built["workshop_id"]
    data = statements_csv(store.statements(original_id), store.themes(original_id))
    preview = preview_import(data, "statements.csv")
    themes, statements = named_themes(preview, [row.statement for row in preview.rows])
    labels = theme_labels(themes)
    assert {s.text: labels.get(s.theme_id) for s in statements} == {
        s.text: theme_labels(store.themes(original_id)).get(s.theme_id) for s in store.statements(original_id)}


# -- the pieces underneath --------------------------------------------------------------------------

@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_the_importer_takes_off_exactly_the_apostrophe_spreadsheet_safe_adds(start):
    text = f"{start}3 visits"
    assert unescaped(spreadsheet_safe(text)) == text
    assert unescaped("'tis a fine day") == "'tis a fine day"


def test_a_real_formula_is_still_refused_while_an_escaped_one_is_text():
    data = "Category,Statement\nWorking,=SUM(A1)\nWorking,'=SUM(A1)\n".encode()
    preview = preview_import(data, "f.csv")
    assert [p.row for p in preview.problems] == [2]
    assert [r.statement.text for r in preview.rows] == ["=SUM(A1)"]


def test_named_themes_reuse_a_theme_of_the_same_name_and_create_the_rest_in_file_order():
    data = ("Category,Statement,Theme\nNot working,Late again,i want my visits ON TIME\n"
            "Not working,No rota,I want a rota\nWorking,Kind carers,I want my visits on time\n"
            "Not working,Rushed,\n").encode()
    preview = preview_import(data, "t.csv")
    existing = Theme(NOT_WORKING, "I want my visits on time", position=4)
    themes, statements = named_themes(preview, [r.statement for r in preview.rows], [existing])
    assert [(t.category, t.name, t.position) for t in themes] == [
        (NOT_WORKING, "I want a rota", 5), (WORKING, "I want my visits on time", 6)]
    placed = {s.text: s for s in statements}
    assert placed["Late again"].theme_id == existing.id and placed["Late again"].pinned
    assert placed["No rota"].theme_id == themes[0].id and placed["Kind carers"].theme_id == themes[1].id
    assert placed["Rushed"].theme_id is None and not placed["Rushed"].pinned


def test_theme_labels_tell_apart_repeated_and_unnamed_themes():
    themes = [Theme(WORKING, "I feel safe", id="a"), Theme(WORKING, "i feel safe", id="b"),
              Theme(NOT_WORKING, "I feel safe", id="c"), Theme(WORKING, "", id="d"), Theme(WORKING, "", id="e"),
              Theme(WORKING, "I feel safe (2)", id="f")]
    assert theme_labels(themes) == {"a": "I feel safe", "b": "i feel safe (2)", "c": "I feel safe",
                                    "d": "Unnamed theme", "e": "Unnamed theme (2)", "f": "I feel safe (2) (2)"}


def test_the_store_gives_an_edits_changes(built):
    store, workshop_id = built["store"], built["workshop_id"]
    suggestion = next(e for e in store.history(workshop_id) if e.kind == "suggest themes")
    changes = store.edit_changes(workshop_id, suggestion.seq)
    assert len(changes) == suggestion.change_count
    assert sum(1 for c in changes if c.table == "themes" and c.before is None) == built["suggested"]
    with pytest.raises(StoreError, match="not in the workshop's history"):
        store.edit_changes(workshop_id, 10_000)


def test_a_workshop_with_nothing_in_it_yet_still_gives_a_workbook(store):
    workshop_id = store.create_workshop("Empty so far").id
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(workshop_report(store, workshop_id))))
    assert book.sheetnames == list(SHEETS)
    assert [c.value for c in book["Statements"][1]] == [c.header for c in STATEMENT_COLUMNS]
    assert book["Statements"].max_row == 1 and book["Charts"]._charts == []
    assert dict(book["Method"].iter_rows(min_row=2, values_only=True))["Statements"] == 0


def test_a_workshop_that_no_longer_exists_is_said_so(store):
    with pytest.raises(StoreError, match="no longer exists"):
        workshop_report(store, "gone")
