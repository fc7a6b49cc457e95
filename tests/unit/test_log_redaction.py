"""Issue 22.2: the log filter takes out every credential with a known prefix, wherever it is in a line,
and leaves everything else (and the shape of uvicorn's access-log arguments) alone."""

from __future__ import annotations

import logging
import sys

from api.log_redaction import RedactCredentials, redact

TOKEN = "inv_oFwA6_f0yK9-9zq_YA0DtXJAmTP2K0GaL02V5pLh1bk"


def test_every_prefix_is_redacted_wherever_it_stands():
    for secret in (TOKEN, "rpt_-QIK5pm93CjGcSTgB3cMLBPdiyAqEtPs", "lnk_Zx8s0dkd92kdlsKD_2kd",
                   "ask_Odym5R4ibY-r1I2Czk1f8JadxGM2nHY1TLjNoV7duZk", "whsec_c2VjcmV0c2VjcmV0"):
        prefix = secret.split("_", 1)[0]
        for line in (f"GET /take/{secret} HTTP/1.1", f"GET /take/{secret}/report", f"/v1/me?token={secret}&x=1",
                     f"GET /ui/login?next=%2Ftake%2F{secret}", f"mail to http://x/take/{secret}."):
            redacted = redact(line)
            assert secret not in redacted and secret[len(prefix) + 1:] not in redacted, line
            assert f"{prefix}_[redacted]" in redacted
    assert redact("task_queue_is_empty, lane_runs ask_me") == "task_queue_is_empty, lane_runs ask_me"
    assert redact("/take/inv_ab") == "/take/inv_ab"  # too short to be a secret


def test_the_filter_keeps_the_access_log_arguments_positional():
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", f"/take/{TOKEN}", "1.1", 303), None)
    assert RedactCredentials().filter(record)
    assert record.args == ("127.0.0.1:5000", "GET", "/take/inv_[redacted]", "1.1", 303)
    try:
        raise ValueError(f"no invitation for {TOKEN}")
    except ValueError:
        failed = logging.LogRecord("api", logging.ERROR, __file__, 1, "failed %(path)s", ({"path": TOKEN},),
                                   sys.exc_info())
    RedactCredentials().filter(failed)
    assert failed.getMessage() == "failed inv_[redacted]" and TOKEN not in (failed.exc_text or "")
