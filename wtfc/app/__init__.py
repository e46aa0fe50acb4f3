"""The Streamlit pages: they read state, call the core, and draw. Nothing else imports Streamlit."""
