"""The console's domain, headless: feeds, CCF, ingest, checks, review, catalogue, exports, jobs, storage.

Nothing in this package imports Streamlit, plotly, `app` or `pages` (a test enforces it), so every action
of the console can run from the command line (`python -m core`) and from tests.
"""
