"""Converters from source formats to CCF, and the helpers they share (values, territories, text)."""
