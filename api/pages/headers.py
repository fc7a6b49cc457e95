"""The security headers of every page: the staff console's (``STAFF``) and the candidate pages'
(``CANDIDATE``: the token is in the URL, and the workspace calls /v1/me, hence connect-src)."""

from __future__ import annotations

STAFF = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
CANDIDATE = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def with_style_nonce(headers: dict[str, str], nonce: str) -> dict[str, str]:
    """``headers`` whose CSP also allows <style> elements carrying ``nonce`` (CodeMirror injects one)."""
    policy = headers["Content-Security-Policy"].replace("style-src 'self'", f"style-src 'self' 'nonce-{nonce}'")
    return {**headers, "Content-Security-Policy": policy}
