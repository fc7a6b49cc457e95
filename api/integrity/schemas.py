"""Bodies of the candidate's recording endpoint."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class RecordingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    batch: str = Field(min_length=1, max_length=64, description="the app's id of this batch (a retry is stored once)")
    sent_at: float = Field(allow_inf_nan=False,
                           description="the browser's clock when sending, in milliseconds (events' t likewise)")
    events: list[dict[str, Any]] = Field(max_length=5000)


class RecordingOut(BaseModel):
    stored: int = Field(description="events kept")
    capped: bool = Field(description="past the cap: send coarse snapshots instead of every change")
