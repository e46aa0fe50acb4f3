"""Voting rounds on the Prioritise page: open a round, type in a tally counted by hand, show the
round's voting link and QR code for phones, close and reopen it, and watch the results come in.

"How much it matters" (votes) always stands in its own column next to "how many said it"
(statements); the two are never added up into one score.
"""
from __future__ import annotations

import base64
import html
from urllib.parse import urlencode, urlsplit

import pandas as pd
import qrcode
import streamlit as st
from qrcode.image.svg import SvgPathFillImage

from wtfc.app import look
from wtfc.app.common import act, escape, sign_in_configured, store
from wtfc.app.gate import passcode_set
from wtfc.model import OPEN, SESSIONS, TALLY, VotingRound
from wtfc.priorities import count_themes, round_totals, voter_count
from wtfc.words import SESSION_NAMES, counted, theme_title

VOTE_PARAM = "vote"  # ?vote=<token>: the participant's page, and nothing else
LIVE_EVERY = "2s"  # how often an open round's results look for new votes from phones
VOTES = "Votes (how much it matters)"
STATEMENTS = "Statements (how many said it)"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}
NO_PASSCODE_ON_NETWORK = ("No facilitator passcode is set, and this app is open on the network: anyone who can reach "
                          "this address can open every workshop here, not just vote. Set a passcode (see the README, "
                          "“Sharing on a network”) and start wtfc again before giving out this link.")


def _app_address() -> str:
    """Scheme, host and port the facilitator's browser reached the app by, plus any base path."""
    url = st.context.url
    if url:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
    else:  # no browser told us (e.g. a script run): the address the server announces
        root = f"http://{st.get_option('browser.serverAddress')}:{st.get_option('server.port')}"
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{root}/{base}/" if base else f"{root}/"


def voting_link(token: str) -> str:
    """The address a phone opens to vote in a round: the app's own, with ``?vote=<token>``."""
    return _app_address() + "?" + urlencode({VOTE_PARAM: token})


@st.cache_data(max_entries=64, show_spinner=False)
def qr_svg(link: str) -> str:
    """The link as a QR code, an SVG with a white background so it scans on a dark screen too."""
    return qrcode.make(link, image_factory=SvgPathFillImage, border=2).to_string(encoding="unicode")


def _qr_html(link: str, width: str) -> str:
    """An image of the QR code; a data URI, since the page's HTML sanitiser drops inline SVG."""
    data = base64.b64encode(qr_svg(link).encode()).decode()
    return (f'<img src="data:image/svg+xml;base64,{data}" alt="QR code for the voting link" '
            f'style="width: {width}; height: auto; display: block; margin: 0 auto">')


@st.dialog("Voting link", width="large")
def _projected_link(title: str, link: str) -> None:
    """The link in large type and the QR code as large as the rest of the screen allows, both above the
    fold of a projector, for the room to type or scan from their seats."""
    st.subheader(title)
    st.html(f'<p style="font-size: clamp(1.6rem, 3.2vw, 2.6rem); font-weight: 700; line-height: 1.25; '
            f'overflow-wrap: anywhere; margin: 0">{html.escape(link)}</p>')
    st.html(_qr_html(link, "min(100%, calc(100vh - 22rem))"))


def _theme_label(theme) -> str:
    _, symbol, words = look.CATEGORY_STYLE[theme.category]
    return f"{symbol} {words}: {theme_title(theme.name)}"


def _round_name(voting_round: VotingRound) -> str:
    return voting_round.title or f"{SESSION_NAMES[voting_round.session]} vote"


def _open_form(workshop_id: str) -> None:
    themes = store().themes(workshop_id)
    by_id = {t.id: t for t in themes}
    counts = count_themes(store().statements(workshop_id), themes)
    with_statements = [c.theme_id for c in counts if c.theme_id is not None and c.statements]
    ordered = with_statements + [t.id for t in themes if t.id not in with_statements]
    with st.expander("Open a voting round", icon=":material/how_to_vote:",
                     expanded=not store().rounds(workshop_id)):
        if not themes:
            st.info("There are no themes to vote on yet: make some on the theme wall first.")
            return
        with st.form("open-round", border=False):
            session = st.radio("Who is voting", SESSIONS, format_func=SESSION_NAMES.get, horizontal=True)
            title = st.text_input("Title, shown on the phones", max_chars=120,
                                  placeholder="e.g. What matters most to you?")
            ballot = st.multiselect("Themes on the ballot", ordered, default=with_statements,
                                    format_func=lambda i: _theme_label(by_id[i]),
                                    help="Every theme with statements is on the ballot to start with.")
            dots = st.number_input("Dots per participant", min_value=1, max_value=20, value=3, step=1)
            if st.form_submit_button("Open the vote", type="primary", icon=":material/how_to_vote:"):
                act(workshop_id, lambda a: a.open_round(session, ballot, int(dots), title))


def results(workshop_id: str, round_id: str) -> None:
    """One round's votes per theme, next to how many statements each theme has, and how many voted."""
    voting_round = next((r for r in store().rounds(workshop_id) if r.id == round_id), None)
    if voting_round is None:  # undone by another facilitator since the page was drawn
        return
    votes = store().votes(workshop_id, round_id)
    themes = store().themes(workshop_id)
    by_id = {t.id: t for t in themes}
    counted = {c.theme_id: c for c in count_themes(store().statements(workshop_id), themes)}
    totals = round_totals(voting_round, votes)
    voters, placed = st.columns(2)
    voters.metric("Devices that voted", voter_count(voting_round, votes),
                  help="Phones, tablets or computers, each counted once however many goes it took; compare it with "
                       "the number of people in the room.")
    placed.metric("Dots placed", sum(totals.values()), help="Votes from phones and the tally typed in, together.")
    rows = [{"Theme": escape(by_id[i].name) if i in by_id else "A deleted theme",
             "Category": look.CATEGORY_STYLE[by_id[i].category][2] if i in by_id else "",
             VOTES: dots, STATEMENTS: counted[i].statements if i in counted else 0}
            for i, dots in sorted(totals.items(), key=lambda item: -item[1])]
    st.table(pd.DataFrame(rows).set_index("Theme"))


live_results = st.fragment(run_every=LIVE_EVERY)(results)


def _link_panel(workshop_id: str, voting_round: VotingRound) -> None:
    link = voting_link(store().phone_votes.link_token(workshop_id, voting_round.id))
    with st.expander("Voting link and QR code", icon=":material/qr_code_2:", expanded=True):
        st.html(_qr_html(link, "min(100%, 340px)"))
        st.code(link, language=None, wrap_lines=True)
        if st.button("Show it large for the room", key=f"project-{voting_round.id}", icon=":material/fullscreen:"):
            _projected_link(escape(_round_name(voting_round)), link)
        if urlsplit(link).hostname not in LOCAL_HOSTS and not (passcode_set() or sign_in_configured()):
            st.warning(NO_PASSCODE_ON_NETWORK, icon=":material/lock_open:")
        if urlsplit(link).hostname in LOCAL_HOSTS:
            st.warning("This link uses this computer's own name, so phones cannot reach it. Open the app by "
                       "the computer's network address (for example http://192.168.1.20:8501) to get a link "
                       "phones can use.", icon=":material/wifi_off:")
        st.caption("Anyone with this link can vote in this round, and do nothing else, while it is open.")


def _tally_form(workshop_id: str, voting_round: VotingRound, by_id: dict) -> None:
    votes = store().votes(workshop_id, voting_round.id)
    typed = {v.theme_id: v.dots for v in votes if v.participant_id == TALLY}
    with st.expander("Type in a tally (dots counted by hand)", icon=":material/edit:"):
        st.caption("One number per theme. It replaces the last tally typed in; votes from phones are added to it.")
        with st.form(f"tally-{voting_round.id}", border=False):
            tally = {theme_id: st.number_input(escape(theme_title(by_id[theme_id].name)), min_value=0,
                                               max_value=10_000, step=1, value=typed.get(theme_id, 0),
                                               key=f"tally-{voting_round.id}-{theme_id}-{typed.get(theme_id, 0)}")
                     for theme_id in voting_round.ballot if theme_id in by_id}
            if st.form_submit_button("Save the tally", type="primary"):
                act(workshop_id, lambda a: a.record_tally(voting_round, {i: int(dots) for i, dots in tally.items()}))


def _round_card(workshop_id: str, voting_round: VotingRound, by_id: dict) -> None:
    is_open = voting_round.status == OPEN
    with st.container(border=True):
        st.subheader(escape(_round_name(voting_round)))
        status = ":green-badge[:material/radio_button_checked: Open: taking votes]" if is_open \
            else ":gray-badge[:material/lock: Closed]"
        st.markdown(f"{status} · {SESSION_NAMES[voting_round.session]} · "
                    f"{counted(len(voting_round.ballot), 'theme')} on the ballot · "
                    f"{counted(voting_round.dots, 'dot')} each")
        left, right = st.columns([3, 2], gap="large")
        with left:
            (live_results if is_open else results)(workshop_id, voting_round.id)
        with right:
            if is_open:
                _link_panel(workshop_id, voting_round)
                if st.button("Close the vote", key=f"close-{voting_round.id}", icon=":material/lock:",
                             help="Phones can no longer vote. You can reopen it."):
                    act(workshop_id, lambda a: a.close_round(voting_round))
            elif st.button("Reopen the vote", key=f"reopen-{voting_round.id}", icon=":material/lock_open:"):
                act(workshop_id, lambda a: a.reopen_round(voting_round))
            _tally_form(workshop_id, voting_round, by_id)
            _change_form(workshop_id, voting_round, by_id)


def _change_form(workshop_id: str, voting_round: VotingRound, by_id: dict) -> None:
    """Change a round's title, ballot or dots; votes already cast stay."""
    with st.expander("Change this vote", icon=":material/tune:"):
        with st.form(f"change-{voting_round.id}", border=False):
            title = st.text_input("Title, shown on the phones", value=voting_round.title, max_chars=120)
            ballot = st.multiselect("Themes on the ballot", list(by_id), format_func=lambda i: _theme_label(by_id[i]),
                                    default=[i for i in voting_round.ballot if i in by_id])
            dots = st.number_input("Dots per participant", min_value=1, max_value=20, value=voting_round.dots, step=1)
            if st.form_submit_button("Save the changes"):
                act(workshop_id, lambda a: a.change_round(voting_round, title=" ".join(title.split()),
                                                         ballot=ballot, dots=int(dots)))


def rounds_panel(workshop_id: str) -> None:
    """Voting on the Prioritise page: a form to open a round, then each round, newest first."""
    st.header("Voting")
    _open_form(workshop_id)
    by_id = {t.id: t for t in store().themes(workshop_id)}
    for voting_round in reversed(store().rounds(workshop_id)):
        _round_card(workshop_id, voting_round, by_id)
