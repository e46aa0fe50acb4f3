"""The participant's page, opened from a round's voting link on their own phone.

It shows the round's title and the themes on its ballot, and lets them place their dots; nothing
else of the workshop (no statements, no other themes, no workshop name, no other pages).
"""
import streamlit as st

from wtfc.access import DEVICE_COOKIE, DEVICE_KEY, valid_device_id
from wtfc.app.common import escape, store
from wtfc.app.gate import DEVICES, client_address
from wtfc.app.voting import VOTE_PARAM
from wtfc.model import OPEN
from wtfc.store import UNKNOWN_LINK, StoreError, StoreFault
from wtfc.words import counted, theme_title

# Large, high-contrast theme names and steppers a thumb can hit.
STYLE = """
<style>
[data-testid="stNumberInput"] [data-testid="stWidgetLabel"] p {font-size: 1.45rem; font-weight: 600;
  line-height: 1.3; color: inherit;}
[data-testid="stNumberInput"] input {font-size: 1.4rem; min-height: 3rem;}
[data-testid="stNumberInput"] button {min-width: 3rem;}
.wtfc-dots-left {font-size: 1.35rem; font-weight: 700;}
[data-testid="stMainBlockContainer"] {padding-top: 2.5rem;}  /* less empty space above the title on a phone */
</style>
"""
THANKS = "vote-thanks"
NOT_SAVED = ("Votes cannot be saved just now because of a problem on the facilitator's computer. Please tell the "
             "facilitator; they can count your dots by hand.")
GENERATION = "vote-generation"  # a new one after each vote, so the steppers start again from 0
COOKIE_DAYS = 30


def device_id() -> str:
    """This phone's id: the signed one its browser keeps in a cookie, else a new one, given to the browser to keep.

    Nothing in the address says who is voting, so an id typed into a link counts for nothing; the
    facilitator sees how many devices voted.
    """
    key = store().server_key(DEVICE_KEY)
    kept = st.context.cookies.get(DEVICE_COOKIE)
    if valid_device_id(kept, key):
        current = kept
    elif valid_device_id(st.session_state.get(DEVICE_COOKIE), key):
        current = st.session_state[DEVICE_COOKIE]
    else:
        current, refused = DEVICES.new(key, client_address())
        if refused:
            st.title("Vote")
            st.error(refused, icon=":material/devices:")
            st.stop()
    st.session_state[DEVICE_COOKIE] = current
    if kept != current:  # only the browser's own script can keep it; the id is letters, digits, "-", "_" and "."
        st.html(f"<script>document.cookie = '{DEVICE_COOKIE}={current}; path=/; max-age={COOKIE_DAYS * 86400}; "
                "samesite=strict';</script>", unsafe_allow_javascript=True)
    return current


st.html(STYLE)
token = st.query_params.get(VOTE_PARAM, "")
try:
    participant = device_id()
    ballot = store().phone_votes.ballot(token, participant) if token else None
except StoreFault:  # the facilitator's file or disk: nothing the participant can mend, and no path to show them
    st.title("Vote")
    st.error(NOT_SAVED, icon=":material/error:")
    st.stop()
if ballot is None:
    st.title("Vote")
    st.error(UNKNOWN_LINK, icon=":material/link_off:")
    st.stop()

voting_round = ballot.voting_round
st.title(escape(voting_round.title) if voting_round.title else "Vote for what matters most")
if thanks := st.session_state.pop(THANKS, None):
    st.success(thanks, icon=":material/check_circle:")
if voting_round.status != OPEN:
    st.info("This vote has closed, so no more dots can be placed; dots sent before it closed are counted. "
            "Thank you for taking part.",
            icon=":material/lock:")
    st.stop()
if ballot.dots_left <= 0:
    st.info(f"You have placed all your dots ({counted(voting_round.dots, 'dot')}). Thank you for voting.",
            icon=":material/done_all:")
    st.stop()
if not ballot.themes:
    st.info("There is nothing on this ballot yet; please ask the facilitator.", icon=":material/info:")
    st.stop()

st.write(f"You have **{counted(ballot.dots_left, 'dot')}** to place on the themes that matter most to you. "
         "You can put more than one dot on a theme.")
generation = st.session_state.get(GENERATION, 0)
# The round's dots, not those left, bound each theme: a limit that moved after another tab voted
# would reset what this person placed instead of telling them.
placed = {theme.id: st.number_input(escape(theme_title(theme.name)), min_value=0, max_value=voting_round.dots,
                                    value=0, step=1, key=f"dots-{theme.id}-{generation}")
          for theme in ballot.themes}
left = ballot.dots_left - sum(placed.values())
if left >= 0:
    st.html(f'<p class="wtfc-dots-left" role="status">Dots left: {left} of {ballot.dots_left}</p>')
else:
    st.warning(f"You have placed {counted(sum(placed.values()), 'dot')} but have only {counted(ballot.dots_left, 'dot')}. "
               f"Please take {counted(-left, 'dot')} off.", icon=":material/warning:")
if st.button("Vote", type="primary", icon=":material/how_to_vote:", width="stretch"):
    try:
        remaining = store().phone_votes.cast(token, participant, {theme_id: int(n) for theme_id, n in placed.items()})
    except StoreFault:
        st.error(NOT_SAVED, icon=":material/error:")
    except StoreError as problem:
        st.error(escape(str(problem)), icon=":material/error:")
    else:
        st.session_state[THANKS] = f"Thank you — you have {counted(remaining, 'dot')} left."
        st.session_state[GENERATION] = generation + 1
        st.rerun()
