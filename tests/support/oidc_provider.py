"""A small, real OpenID Connect provider for the tests: run as its own process (``python
tests/support/oidc_provider.py --port P --config FILE``), it serves discovery, JWKS, an authorization endpoint
with a sign-in form (username only: the people are in the config file), a token endpoint (client
secret, single-use codes, PKCE S256 checked), userinfo and end-session. ID tokens are RS256 JWTs signed
with joserfc (Authlib's JOSE library) under a key made at start.

Config (JSON): {"client_id": ..., "client_secret": ..., "redirect_uris": [...],
                "users": {"jane": {"email": ..., "name": ..., "groups": [...], "email_verified": true}}}
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import html
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import uvicorn
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route


def make_app(issuer: str, config: dict[str, Any]) -> Starlette:
    key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig", "alg": "RS256"})
    codes: dict[str, dict[str, Any]] = {}
    tokens: dict[str, str] = {}  # access token -> username

    def discovery(request: Request) -> Response:
        return JSONResponse({
            "issuer": issuer, "authorization_endpoint": f"{issuer}/authorize", "token_endpoint": f"{issuer}/token",
            "userinfo_endpoint": f"{issuer}/userinfo", "jwks_uri": f"{issuer}/jwks",
            "end_session_endpoint": f"{issuer}/logout", "response_types_supported": ["code"],
            "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"], "scopes_supported": ["openid", "email", "profile", "groups"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]})

    def jwks(request: Request) -> Response:
        return JSONResponse({"keys": [key.as_dict(private=False)]})

    def refuse(text: str, status: int = 400) -> Response:
        return JSONResponse({"error": "invalid_request", "error_description": text}, status_code=status)

    async def authorize(request: Request) -> Response:
        params = dict(request.query_params) if request.method == "GET" else dict(await request.form())
        if params.get("client_id") != config["client_id"]:
            return refuse("unknown client")
        if params.get("redirect_uri") not in config["redirect_uris"]:
            return refuse("redirect_uri not registered")
        if params.get("response_type") != "code" or params.get("code_challenge_method") != "S256":
            return refuse("code flow with PKCE S256 only")
        if request.method == "GET":
            hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                             for k, v in params.items())
            return HTMLResponse(f"""<!doctype html><html lang="en"><head><title>Test IdP sign-in</title></head>
                <body><main><h1>Test identity provider</h1><form method="post" action="/authorize">{hidden}
                <label for="username">Username</label> <input id="username" name="username" autocomplete="off">
                <button type="submit" name="decision" value="allow">Sign in</button>
                <button type="submit" name="decision" value="deny">Cancel</button></form></main></body></html>""")
        back = params["redirect_uri"]
        if params.get("decision") == "deny":
            return RedirectResponse(f"{back}?{urlencode({'error': 'access_denied', 'error_description': 'the person cancelled', 'state': params.get('state', '')})}", 303)  # noqa: E501
        username = params.get("username", "")
        if username not in config["users"]:
            return HTMLResponse("<p>unknown user</p>", status_code=401)
        code = secrets.token_urlsafe(24)
        codes[code] = {"username": username, "redirect_uri": back, "nonce": params.get("nonce"),
                       "challenge": params["code_challenge"], "scope": params.get("scope", ""), "at": time.time()}
        return RedirectResponse(f"{back}?{urlencode({'code': code, 'state': params.get('state', '')})}", 303)

    async def token(request: Request) -> Response:
        form = dict(await request.form())
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        auth = request.headers.get("authorization", "")
        if auth.startswith("Basic "):
            client_id, _, client_secret = base64.b64decode(auth[6:]).decode().partition(":")
        if client_id != config["client_id"] or client_secret != config["client_secret"]:
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        grant = codes.pop(str(form.get("code", "")), None)  # single use
        if form.get("grant_type") != "authorization_code" or grant is None or time.time() - grant["at"] > 60:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return JSONResponse({"error": "invalid_grant", "error_description": "redirect_uri"}, status_code=400)
        verifier = str(form.get("code_verifier", ""))
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant["challenge"]:
            return JSONResponse({"error": "invalid_grant", "error_description": "PKCE"}, status_code=400)
        person = config["users"][grant["username"]]
        now = int(time.time())
        claims = {"iss": issuer, "sub": person.get("sub", f"sub-{grant['username']}"), "aud": config["client_id"],
                  "iat": now, "exp": now + 300, "nonce": grant["nonce"], "email": person["email"],
                  "email_verified": person.get("email_verified", True), "name": person["name"]}
        if person.get("groups_in_id_token", True):
            claims["groups"] = person.get("groups", [])
        access = secrets.token_urlsafe(24)
        tokens[access] = grant["username"]
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key-1"}, claims, key)
        return JSONResponse({"access_token": access, "token_type": "Bearer", "expires_in": 300, "id_token": id_token})

    def userinfo(request: Request) -> Response:
        username = tokens.get(request.headers.get("authorization", "").removeprefix("Bearer "))
        if username is None:
            return JSONResponse({"error": "invalid_token"}, status_code=401)
        person = config["users"][username]
        return JSONResponse({"sub": person.get("sub", f"sub-{username}"), "email": person["email"],
                             "name": person["name"], "groups": person.get("groups", [])})

    def logout(request: Request) -> Response:
        target = request.query_params.get("post_logout_redirect_uri")
        return RedirectResponse(target, 303) if target else HTMLResponse("<p>signed out</p>")

    return Starlette(routes=[
        Route("/.well-known/openid-configuration", discovery), Route("/jwks", jwks),
        Route("/authorize", authorize, methods=["GET", "POST"]), Route("/token", token, methods=["POST"]),
        Route("/userinfo", userinfo), Route("/logout", logout)])


@contextlib.contextmanager
def running_provider(folder: Path, config: dict[str, Any]) -> Iterator[str]:
    """This provider as its own process with ``config``; yields its issuer URL and stops it after."""
    from support.net import free_port

    path = folder / "idp-config.json"
    path.write_text(json.dumps(config))
    port = free_port()
    process = subprocess.Popen([sys.executable, __file__, "--port", str(port), "--config", str(path)],
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                if httpx.get(f"{issuer}/.well-known/openid-configuration").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "the test identity provider did not start"
            time.sleep(0.1)
        yield issuer
    finally:
        process.terminate()
        process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--config", required=True)
    args = parser.parse_args()
    with open(args.config) as handle:
        config = json.load(handle)
    issuer = f"http://127.0.0.1:{args.port}"
    uvicorn.run(make_app(issuer, config), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
