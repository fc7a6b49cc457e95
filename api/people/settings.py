"""Sign-in settings (``ASSAY_OIDC_*`` and the console's sign-in options), mixed into ``api.settings.Settings``.

A leaf module (pydantic only)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SignInSettings(BaseModel):
    oidc_issuer: str = Field("", description="OpenID Connect issuer URL (Keycloak realm, Entra ID tenant, Okta, "
                             "https://accounts.google.com); with oidc_client_id it enables single sign-on")
    oidc_client_id: str = Field("", description="the client id Assay is registered under at the identity provider")
    oidc_client_secret: str = Field("", description="its client secret (confidential client; PKCE is used too)")
    oidc_scopes: str = Field("openid email profile", description="scopes asked for (space-separated); add the "
                             "one that releases groups if your provider needs it (e.g. 'groups')")
    oidc_groups_claim: str = Field("groups", description="the ID token / userinfo claim that lists the groups")
    oidc_role_map: dict[str, str] = Field(
        default_factory=dict, description="JSON: provider group -> 'admin' or '<team name>:<role>' (role: recruiter, "
        "reviewer, hiring_manager, author); at each sign-in the person's admin flag and their roles in the mapped "
        "teams follow their groups (teams not in the map are managed in the console)")
    oidc_button_label: str = Field("Sign in with single sign-on", description="the sign-in page's SSO button")
    oidc_create_users: bool = Field(True, description="make an account at the first SSO sign-in of someone new "
                                    "(off: only people an admin invited may sign in)")
    console_key_sign_in: bool = Field(False, description="also let scripts sign in to the console with an API key "
                                      "(off by default: people sign in as themselves)")
    password_sign_in: bool = Field(True, description="local accounts (e-mail and password); off: SSO only")
