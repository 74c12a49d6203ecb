"""Widgets the screens share: formatting, badges, the XML viewer, the job panel, record and run views."""
