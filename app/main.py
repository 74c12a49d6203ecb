"""The console's entry point: page config, navigation, and nothing else (`streamlit run app/main.py`)."""

from __future__ import annotations

import streamlit as st

from app import nav

st.set_page_config(page_title="Audiobook pipeline console", page_icon=":material/headphones:", layout="wide")

navigation = st.navigation(
    [
        # `/catalog?gtin=...` is the Catalogue's documented deep link: links to the Catalogue resolve to the
        # first page of its file, so this hidden twin comes first; the menu shows the page below.
        st.Page(nav.CATALOG, title="Catalogue", url_path=nav.CATALOG_PATH, visibility="hidden"),
        # The default page is served at the root URL (and at /overview).
        st.Page(
            nav.OVERVIEW,
            title="Overview",
            icon=":material/dashboard:",
            url_path=nav.OVERVIEW_PATH,
            default=True,
        ),
        st.Page(nav.CATALOG, title="Catalogue", icon=":material/library_books:", url_path=nav.CATALOGUE_PATH),
        st.Page(nav.INGEST, title="Ingest", icon=":material/input:", url_path=nav.INGEST_PATH),
        st.Page(nav.REVIEW, title="Review", icon=":material/fact_check:", url_path=nav.REVIEW_PATH),
        st.Page(nav.QUALITY, title="Quality", icon=":material/rule:", url_path=nav.QUALITY_PATH),
        st.Page(nav.COVERAGE, title="Coverage", icon=":material/public:", url_path=nav.COVERAGE_PATH),
        st.Page(nav.EXPORTS, title="Exports", icon=":material/outbox:", url_path=nav.EXPORTS_PATH),
    ]
)
navigation.run()
