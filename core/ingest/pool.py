"""The worker processes that parse and convert: a process pool, shared per process, ordered results.

Processes are started with `spawn` (never fork a process that holds a database and UI threads). Results
come back in submission order with a bounded number in flight, so memory stays flat on any file size.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from core.errors import TransientError

T = TypeVar("T")
R = TypeVar("R")


WORKER_MODULE = "core.ingest.worker"
"""What an ingest's workers run (named here, so a caller can start them without importing it)."""

WORKER_NICENESS = 5
"""Workers run at a lower CPU priority than the console process, so pages stay quick during an ingest
(and the committing process is never starved by its own workers)."""


def _yield_cpu() -> None:
    with contextlib.suppress(OSError):  # not permitted here: run at normal priority
        os.nice(WORKER_NICENESS)


WORKER_GC_THRESHOLD = 20_000
"""Container allocations between two young collections in a worker (Python's default is 700)."""


def _load(module: str) -> None:
    # Returns nothing: a module sent back as the result would fail to pickle.
    importlib.import_module(module)
    # A worker's objects live as long as one batch and are freed by reference counting; the collector only
    # ever finds the modules' objects alive. Those are frozen out of its scans (some 80,000, walked by every
    # full collection), and young collections come after 20,000 allocations rather than 700: the collector
    # took 2.5 % of a worker's CPU samples (perf, a 50,000-product ingest).
    gc.collect()  # what is frozen is never collected: only what is alive now
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, 10, 10)


class WorkerPool:
    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _get(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_yield_cpu
                )
            return self._executor

    def start(self, module: str) -> None:
        """Start the worker processes now, without waiting for them, each importing `module` (what the
        work will need: about a second in a fresh process). That then overlaps what the caller does next
        instead of delaying the first batch. The module goes by name, so this process need not import it."""
        executor = self._get()
        for _ in range(self.workers):
            executor.submit(_load, module)

    def map_ordered(self, fn: Callable[[T], R], items: Iterable[T], window: int | None = None) -> Iterator[R]:
        """`fn` over `items` in the pool, results in order, at most `window` items in flight."""
        limit = window or self.workers * 2
        executor = self._get()
        pending: deque[Future[R]] = deque()
        try:
            for item in items:
                pending.append(executor.submit(fn, item))
                while len(pending) >= limit:
                    yield self._result(pending.popleft())
            while pending:
                yield self._result(pending.popleft())
        finally:
            for future in pending:
                future.cancel()

    def _result(self, future: Future[R]) -> R:
        try:
            return future.result()
        except BrokenProcessPool as e:
            with self._lock:
                self._executor = None
            raise TransientError(
                "a worker process stopped unexpectedly (out of memory?); nothing was applied, try again",
                "Worker stopped",
            ) from e

    def shutdown(self) -> None:
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=True, cancel_futures=True)
                self._executor = None


_shared: dict[int, WorkerPool] = {}
_shared_lock = threading.Lock()


def shared_pool(workers: int) -> WorkerPool:
    """One pool per process and size, started on first use and stopped at exit."""
    with _shared_lock:
        pool = _shared.get(workers)
        if pool is None:
            pool = _shared[workers] = WorkerPool(workers)
            atexit.register(pool.shutdown)
        return pool
