"""Service settings: each an ``ASSAY_*`` environment variable (``ASSAY_SANDBOX_*`` for the sandbox)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSAY_", extra="ignore")

    data_dir: Path = Field(Path("data"), description="SQLite database and other state live here")
    database_url: str = Field("", description="SQLAlchemy URL; empty: sqlite file in data_dir")
    host: str = Field("127.0.0.1", description="`assay serve` bind address")
    port: int = Field(8000, ge=1, le=65535)
    public_url: str = Field("", description="base URL for links sent out; empty: http://host:port")
    executor: Literal["inprocess", "procrastinate"] = Field("inprocess")
    grading_concurrency: int = Field(2, ge=1, le=64, description="submissions graded at once per process")
    max_upload_mib: int = Field(64, ge=1, le=1024, description="problem package upload cap")
    max_source_kib: int = Field(256, ge=1, le=4096, description="candidate source cap, all files together")
    max_stdin_kib: int = Field(1024, ge=1, le=65536, description="custom stdin cap for runs")
    runs_per_minute: int = Field(20, ge=1, le=10000, description="candidate run rate limit")
    submissions_per_minute: int = Field(10, ge=1, le=10000, description="candidate submission rate limit")
    load_bundled_problems: bool = Field(True, description="`assay serve` imports problems/ at start")
    demo: bool = Field(True, description="`assay serve` creates a demo assessment when none exists")
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
    def resolved_public_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")


@cache
def get_settings() -> Settings:
    return Settings()
