"""Service settings: each an ``ASSAY_*`` environment variable (``ASSAY_SANDBOX_*`` for the sandbox)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.integrations.settings import AshbySettings, GreenhouseSettings, LeverSettings
from api.people.settings import SignInSettings


class Settings(BaseSettings, GreenhouseSettings, LeverSettings, AshbySettings, SignInSettings):
    """Every setting; the ATS integrations' own (``ASSAY_GREENHOUSE_*``, ``ASSAY_LEVER_*``, ``ASSAY_ASHBY_*``)
    come from api.integrations.settings."""

    model_config = SettingsConfigDict(env_prefix="ASSAY_", extra="ignore")

    data_dir: Path = Field(Path("data"), description="SQLite database and other state live here")
    database_url: str = Field("", description="SQLAlchemy URL; empty: sqlite file in data_dir")
    database_pool_size: int = Field(5, ge=1, le=200, description="PostgreSQL: connections each process keeps")
    database_max_overflow: int = Field(10, ge=0, le=200, description="PostgreSQL: more it may open under load")
    host: str = Field("127.0.0.1", description="`assay serve` bind address")
    port: int = Field(8000, ge=1, le=65535, description="`assay serve` port")
    public_url: str = Field("", description="base URL for links sent out; empty: http://host:port")
    executor: Literal["auto", "inprocess", "procrastinate"] = Field(
        "auto", description="auto: procrastinate (jobs for `assay worker`) on PostgreSQL, in-process on SQLite")
    grading_concurrency: int = Field(2, ge=1, le=64, description="submissions graded at once per process")
    worker_concurrency: int = Field(2, ge=1, le=64, description="`assay worker`: jobs run at once")
    run_concurrency: int = Field(1, ge=1, le=64, description="slots only for runs (\"Run on samples\", custom "
                                 "input), on top of grading_concurrency (API) or worker_concurrency (worker): a "
                                 "run never waits behind queued gradings")
    worker_shutdown_seconds: float = Field(120.0, ge=0, description="`assay worker`: on SIGTERM, running gradings "
                                           "may finish this long before they go back to the queue")
    worker_heartbeat_seconds: float = Field(5.0, gt=0, le=300, description="how often a worker says it is alive")
    worker_stalled_seconds: float = Field(30.0, gt=0, description="a worker silent this long is dead: its jobs are "
                                          "retried elsewhere (keep it a few heartbeats long)")
    worker_maintenance_seconds: float = Field(5.0, gt=0, le=300, description="how often a worker looks for "
                                              "stalled jobs, orphaned submissions and due webhook retries")
    worker_metrics_port: int = Field(0, ge=0, le=65535, description="`assay worker`: serve /metrics on this port "
                                     "(0: off)")
    max_upload_mib: int = Field(64, ge=1, le=1024, description="problem package upload cap")
    max_source_kib: int = Field(256, ge=1, le=4096, description="candidate source cap, all files together")
    max_stdin_kib: int = Field(1024, ge=1, le=65536, description="custom stdin cap for runs")
    runs_per_minute: int = Field(20, ge=1, le=10000, description="candidate run rate limit")
    submissions_per_minute: int = Field(10, ge=1, le=10000, description="candidate submission rate limit")
    max_queued_submissions: int | None = Field(None, ge=0, le=10000, description="submissions of one candidate "
                                               "waiting to be graded at once (0: no limit); unset: "
                                               "submissions_per_minute")
    max_queued_runs: int = Field(2, ge=0, le=10000, description="runs (Run on samples, custom input) of one "
                                 "candidate waiting for the sandbox at once (0: no limit)")
    drafts_per_minute: int = Field(120, ge=1, le=10000, description="candidate autosave rate limit (the app "
                                   "saves about a second after typing stops)")
    recording_cap_kib: int = Field(2048, ge=64, le=65536, description="integrity recording: compressed size "
                                   "kept per candidate and problem; past it, coarse snapshots instead of every edit")
    load_bundled_problems: bool = Field(True, description="`assay serve` imports problems/ at start")
    demo: bool = Field(True, description="`assay serve` creates a demo assessment when none exists")
    webhook_worker: bool = Field(True, description="deliver webhooks from a thread in the API process")
    webhook_concurrency: int = Field(8, ge=1, le=256, description="webhook requests in flight at once per process")
    webhook_timeout_seconds: float = Field(15.0, gt=0, le=120, description="one delivery attempt's time limit")
    webhook_retry_scale: float = Field(1.0, gt=0, le=10, description="multiplies the retry schedule (tests: 0.001)")
    webhook_disable_after_hours: float = Field(120.0, gt=0, description="an endpoint failing this long is disabled")
    webhook_poll_seconds: float = Field(1.0, gt=0, le=60, description="how often the delivery worker looks for work")
    webhook_sweep_seconds: float = Field(60.0, gt=0, description="how often expiries and deadlines are detected")
    webhook_allow_private: bool = Field(False, description="let webhooks reach private, loopback, link-local hosts")
    webhook_allowed_cidrs: str = Field("", description="comma-separated CIDRs webhooks may reach despite the guard")
    webhook_secret_key: str = Field("", description="Fernet key encrypting endpoint secrets; empty: a key file in "
                                                    "data_dir (set it when several processes share a database)")
    invitation_days: int = Field(14, ge=1, le=365, description="an invitation created without expires_at "
                                 "expires this many days later")
    smtp_host: str = Field("", description="SMTP server for invitation e-mails; empty: no e-mail, the console "
                           "shows the link to copy")
    smtp_port: int = Field(587, ge=1, le=65535, description="SMTP server port")
    smtp_security: Literal["starttls", "tls", "none"] = Field(
        "starttls", description="starttls (port 587), tls (implicit TLS, port 465) or none (plain, e.g. a local relay)")
    smtp_username: str = Field("", description="SMTP login, if the server wants one")
    smtp_password: str = Field("", description="SMTP password")
    smtp_from: str = Field("Assay <assay@localhost>", description="the From: of e-mails sent")
    smtp_timeout_seconds: float = Field(20.0, gt=0, le=300, description="one SMTP conversation's time limit")
    mail_poll_seconds: float = Field(2.0, gt=0, le=300, description="how often the mail sender looks for work")
    mail_retry_scale: float = Field(1.0, gt=0, le=10, description="multiplies the mail retry schedule (tests: 0.01)")
    invitation_reminder_hours: float = Field(24.0, ge=0, le=24 * 30, description="remind a candidate who has not "
                                             "started this long before the invitation expires (0: no reminder)")
    review_reminder_hours: float = Field(24.0, ge=0, le=24 * 30, description="e-mail a reviewer whose review is "
                                         "overdue, at most once this often per review (0: no reminders)")
    review_reminder_check_seconds: float = Field(300.0, gt=0, le=24 * 3600, description="how often overdue "
                                                 "reviews are looked for")
    similarity_threshold: float = Field(0.6, ge=0.05, le=1.0, description="share of a final submission's "
                                        "tokens (starter code excluded) found in another one that flags the pair")
    retention_days: int = Field(0, ge=0, le=36500, description="purge candidates' personal data and code this "
                                "many days after the invitation was created (once it is over); 0: keep")
    retention_check_minutes: int = Field(60, ge=1, le=7 * 24 * 60, description="how often the purge runs")
    session_secret: str = Field("", description="signs the reviewer pages' session cookie; empty: a random one "
                                "kept in data_dir/session-secret (set it when several API processes serve)")
    session_cookie_secure: bool = Field(True, description="mark the session cookie Secure (HTTPS only; browsers "
                                        "accept it on http://localhost too); false only for plain-HTTP testing")
    session_hours: int = Field(12, ge=1, le=24 * 30, description="a reviewer's login lasts this long")

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'assay.db').resolve()}"

    @property
    def resolved_executor(self) -> str:
        if self.executor != "auto":
            return self.executor
        return "procrastinate" if self.resolved_database_url.startswith("postgresql") else "inprocess"

    @property
    def resolved_public_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")


@cache
def get_settings() -> Settings:
    return Settings()
