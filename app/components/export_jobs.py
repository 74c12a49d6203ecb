"""Exports as background jobs: an export, a resume and a re-delivery each run off the page script with live
progress (core.jobs), and end with one sentence saying what they did (the jobs panel shows it). The job's
title names the partner, so every session can tell that an export to it is running.
"""

from __future__ import annotations

import re
from typing import Any

from app.components import export_view
from app.state import Services
from core.auth import Actor
from core.exports import run as exporting
from core.jobs import JobContext, JobFn

KIND = "export"


def busy(svc: Services, partner: str) -> bool:
    """An export job for this partner is running (in this console, started by anyone)."""
    pattern = re.compile(rf"\bto {re.escape(partner)}(\s|$)")
    return any(j.kind == KIND and pattern.search(j.title) for j in svc.runner.active())


def outcome(result: exporting.ExportResult) -> dict[str, Any]:
    out = result.to_json()
    out["message"] = export_view.result_message(out)
    return out


def _submit(svc: Services, actor: Actor, title: str, work: JobFn) -> str:
    actor.require("export")  # core checks again in the job; this refuses at once, on the page
    return svc.runner.submit(KIND, title, actor.name, work)


def export(svc: Services, actor: Actor, partner: str, mode: str) -> str:
    db, cfg = svc.db, svc.cfg

    def work(ctx: JobContext) -> dict[str, Any]:
        ctx.progress(0, None, "", "planning: pinning what goes in the delivery ledger")
        return outcome(exporting.export(db, cfg, actor, partner, mode=mode, progress=ctx.progress))

    return _submit(svc, actor, f"Export to {partner} ({mode})", work)


def resume(svc: Services, actor: Actor, export_id: int, partner: str) -> str:
    db, cfg = svc.db, svc.cfg

    def work(ctx: JobContext) -> dict[str, Any]:
        return outcome(exporting.resume(db, cfg, actor, export_id, progress=ctx.progress))

    return _submit(svc, actor, f"Resume export {export_id} to {partner}", work)


def redeliver(svc: Services, actor: Actor, export_id: int, partner: str, to: str | None) -> str:
    db, cfg = svc.db, svc.cfg

    def work(ctx: JobContext) -> dict[str, Any]:
        return outcome(exporting.redeliver(db, cfg, actor, export_id, to=to, progress=ctx.progress))

    return _submit(svc, actor, f"Re-deliver export {export_id} to {partner}", work)
