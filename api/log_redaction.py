"""No credential in a log line: ``RedactCredentials``, a logging filter that replaces every secret with a
known prefix (candidate tokens ``inv_``, report keys ``rpt_``, one-time sign-in links ``lnk_``, staff API
keys ``ask_``, webhook secrets ``whsec_``) by ``<prefix>[redacted]``, wherever it appears: in an access
log line's path or query (``GET /take/inv_... HTTP/1.1``), in a message's arguments, in a traceback.

``install()`` puts it on the handlers of the root logger and of uvicorn's loggers (``create_app`` calls
it, for servers that configured logging before loading the app); ``assay serve`` also names it in the
logging configuration it gives uvicorn (``dict_config``), which replaces those handlers."""

from __future__ import annotations

import logging
import re
from typing import Any

PREFIXES = ("inv", "rpt", "lnk", "ask", "whsec")
# not inside a longer word ("task_..."), but right after a percent-escape ("?next=%2Ftake%2Finv_...")
SECRET = re.compile(r"(?:(?<![A-Za-z0-9_])|(?<=%[0-9A-Fa-f]{2}))(" + "|".join(PREFIXES) + r")_[A-Za-z0-9_\-]{8,}")
LOGGERS = ("", "uvicorn", "uvicorn.access", "uvicorn.error")


def redact(text: str) -> str:
    return SECRET.sub(r"\1_[redacted]", text)


def _redacted(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


class RedactCredentials(logging.Filter):
    """Redacts the record in place (message, arguments, exception text); never drops one. The arguments
    keep their shape: uvicorn's access formatter unpacks them by position."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redacted(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _redacted(value) for key, value in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install(loggers: tuple[str, ...] = LOGGERS) -> None:
    """Put the filter on every handler of these loggers (once)."""
    for name in loggers:
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, RedactCredentials) for f in handler.filters):
                handler.addFilter(RedactCredentials())


def dict_config(base: dict[str, Any], level: str = "INFO") -> dict[str, Any]:
    """``base`` (uvicorn's logging configuration) with the filter on each of its handlers, and the root
    logger (Assay's own loggers) writing through a filtered handler of its own."""
    config = {**base, "filters": {**base.get("filters", {}), "redact": {"()": RedactCredentials}}}
    config["formatters"] = {**base.get("formatters", {}),
                            "assay": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}}
    config["handlers"] = {name: {**handler, "filters": [*handler.get("filters", []), "redact"]}
                          for name, handler in base.get("handlers", {}).items()}
    config["handlers"]["assay"] = {"class": "logging.StreamHandler", "formatter": "assay",
                                   "stream": "ext://sys.stderr", "filters": ["redact"]}
    config["root"] = {"handlers": ["assay"], "level": level}
    return config
