"""Executors grade queued submissions. Routes only store a submission and call ``submit``; the
embedded default grades in-process, the scale-out one (procrastinate on PostgreSQL) on workers."""

from api.executor.base import Executor

__all__ = ["Executor"]
