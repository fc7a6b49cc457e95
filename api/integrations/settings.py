"""Each integration's settings (``ASSAY_<NAME>_*``), mixed into ``api.settings.Settings``.

A leaf module (pydantic only), so the settings never import the integrations themselves."""

from __future__ import annotations

from pydantic import BaseModel, Field


class GreenhouseSettings(BaseModel):
    greenhouse_invitation_days: int = Field(14, ge=1, le=365, description="expiry of invitations Greenhouse sends")
    greenhouse_callback_key: str = Field("", description="HTTP Basic username for the PATCH to Greenhouse; empty: "
                                         "the API key Greenhouse's send_test came with (as Greenhouse documents)")
    greenhouse_callback_hosts: str = Field(
        "greenhouse.io,*.greenhouse.io", description="comma-separated hosts a Greenhouse callback URL may name "
        "(*.example.com: any subdomain); send_test refuses any other, and the PATCH carrying the credential goes "
        "nowhere else")


class LeverSettings(BaseModel):
    lever_api_key: str = Field("", description="Lever API key (HTTP Basic username) for reading opportunities and "
                               "writing the result note; with lever_signature_token it enables the integration")
    lever_signature_token: str = Field("", description="the signature token of the Lever webhook (Settings > "
                                       "Integrations and API > Webhooks) that verifies its requests")
    lever_api_url: str = Field("https://api.lever.co/v1", description="Lever's API base URL")
    lever_callback_hosts: str = Field("api.lever.co", description="comma-separated hosts the Lever API key may be "
                                      "sent to (lever_api_url must name one)")
    lever_stages: str = Field("", description="which stage invites to which assessment: comma-separated "
                              "<Lever stage id>=<Assay assessment id>")
    lever_perform_as: str = Field("", description="Lever user id the result note is written as (perform_as), "
                                  "if any")
    lever_invitation_days: int = Field(14, ge=1, le=365, description="expiry of invitations a Lever stage sends")
    lever_webhook_window_seconds: int = Field(
        3600, ge=60, le=7 * 86400, description="a Lever webhook request is refused when its triggeredAt is older "
        "than this (or more than 5 minutes ahead); Lever's own retries of a request must fall within it")


class AshbySettings(BaseModel):
    ashby_api_key: str = Field("", description="the customer's Ashby API key (HTTP Basic username) for "
                               "assessment.update; non-empty enables the integration")
    ashby_api_url: str = Field("https://api.ashbyhq.com", description="Ashby's API base URL")
    ashby_callback_hosts: str = Field("api.ashbyhq.com", description="comma-separated hosts the Ashby API key may be "
                                      "sent to (ashby_api_url must name one)")
    ashby_invitation_days: int = Field(14, ge=1, le=365, description="expiry of invitations Ashby starts")
