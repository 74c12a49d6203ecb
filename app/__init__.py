"""The console shell: router, state (every Streamlit cache), identity, and shared components."""
