"""Timing a benchmark step in its own process: wall time, and peak resident memory of the process (from
the kernel's rusage) and of its whole process tree (sampled from /proc), so a figure is the step's own
and not what the benchmark's parent holds.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.config import ROOT


def _tree_rss_kib(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                parent = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("VmRSS")), 0)
        except OSError:
            continue
    return total


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """(seconds, peak RSS of the largest process in KiB, peak RSS of the whole process tree in KiB). The
    first is ru_maxrss, which includes this (parent) process's size at the fork: see peak_rss_of_self_kib."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    peak_tree = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not stop.is_set():
            peak_tree = max(peak_tree, _tree_rss_kib(process.pid))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if status != 0:
        raise SystemExit(f"{' '.join(command)} exited with {status}")
    return seconds, usage.ru_maxrss, peak_tree


def peak_rss_of_self_kib() -> int:
    """This process's own peak resident memory (VmHWM). Not ru_maxrss: Linux keeps that high-water mark
    across fork and exec, so a child started by a large parent reports the parent's size."""
    with open("/proc/self/status") as f:
        return next((int(line.split()[1]) for line in f if line.startswith("VmHWM")), 0)


@dataclass
class ChildRun:
    seconds: float
    """Wall time of the whole child process (start-up and opening the database included)."""
    peak_rss_kib: int
    """The child's own peak RSS when it reports it (`vm_hwm_kib` in its result), else its ru_maxrss."""
    tree_rss_kib: int
    result: dict[str, Any]
    """What the child wrote to the file named by its `--result` argument (its own timings and counts)."""


def run_child(command: list[str], env: dict[str, str] | None = None) -> ChildRun:
    """Run `command --result <file>` under `timed` and read back the JSON object the child wrote there."""
    with tempfile.TemporaryDirectory(prefix="bench-child-") as tmp:
        out = Path(tmp) / "result.json"
        seconds, peak, tree = timed([*command, "--result", str(out)], env)
        result = json.loads(out.read_text(encoding="utf-8"))
        return ChildRun(seconds, int(result.get("vm_hwm_kib", peak)), tree, result)
