"""Who is using the console: Streamlit's OIDC user when configured, else a trusted reverse-proxy header
when configured, else the local operator (development). The role comes from the configuration; `core`
checks it on every action, the UI only hides what the role cannot do.
"""

from __future__ import annotations

import streamlit as st

from core.auth import Actor, actor_named
from core.config import Settings, settings


def _oidc_user() -> str | None:
    try:
        if getattr(st.user, "is_logged_in", False):
            return str(st.user.get("email") or st.user.get("name") or "")
    except Exception:  # st.user raises when no auth section is configured
        return None
    return None


def _header_user(cfg: Settings) -> str | None:
    if not cfg.auth_header:
        return None
    try:
        value = st.context.headers.get(cfg.auth_header)
    except Exception:
        return None
    return value.strip() if value else None


def current_actor(cfg: Settings | None = None) -> Actor:
    cfg = cfg or settings()
    name = _oidc_user() or _header_user(cfg)
    if name:
        return actor_named(name, cfg)
    return Actor(cfg.operator, cfg.operator_role)
