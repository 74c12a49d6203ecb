"""The Review screen (being built)."""

from __future__ import annotations

import streamlit as st

st.title("Review")
