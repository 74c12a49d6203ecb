"""The console's entry point: page config, navigation, and nothing else (`streamlit run app/main.py`)."""

from __future__ import annotations

import streamlit as st

from app import nav

st.set_page_config(page_title="Audiobook pipeline console", page_icon=":material/headphones:", layout="wide")

navigation = st.navigation(
    [
        # The default page is served at the root URL; the hidden twin makes `/catalog?gtin=...` work as well.
        st.Page(
            nav.CATALOG,
            title="Catalogue",
            icon=":material/library_books:",
            url_path="catalogue",
            default=True,
        ),
        st.Page(nav.INGEST, title="Ingest", icon=":material/input:", url_path=nav.INGEST_PATH),
        st.Page(nav.CATALOG, title="Catalogue", url_path=nav.CATALOG_PATH, visibility="hidden"),
    ]
)
navigation.run()
