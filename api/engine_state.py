"""What belongs to one database engine's app or worker (its outboxes, its candidate-data erasers),
found from any session on that engine.

``create_app`` and ``assay worker`` each make their own engine, build their outboxes from their own
settings and bind them here; a service holding only a session reaches the objects of the app that
opened it. Two apps in one process (the tests make many) have two engines, so they never share them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

T = TypeVar("T")
_ATTRIBUTE = "_assay_state"


def engine_of(bind: Engine | Connection | Session) -> Engine:
    if isinstance(bind, Session):
        bind = bind.get_bind()  # an Engine or a Connection
    return bind.engine  # an Engine's .engine is itself


def _state(bind: Engine | Connection | Session) -> dict[str, Any]:
    engine = engine_of(bind)
    state = engine.__dict__.get(_ATTRIBUTE)
    if state is None:
        state = engine.__dict__.setdefault(_ATTRIBUTE, {})
    return state


def bind(engine: Engine, name: str, value: Any) -> None:
    """Bind ``value`` to ``engine`` under ``name`` (the composition root does this once)."""
    _state(engine)[name] = value


def get(bind_: Engine | Connection | Session, name: str, default: Callable[[], T]) -> T:
    """The object bound under ``name``; an engine nothing was bound to (a script's, a test's) gets
    ``default()``, made once and then kept with that engine."""
    state = _state(bind_)
    value = state.get(name)
    if value is None:
        value = state.setdefault(name, default())
    return value
