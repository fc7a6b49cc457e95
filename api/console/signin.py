"""Signing in to the console as a person: the sign-in page (e-mail and password, then a one-time code
if the person turned it on; single sign-on; an API key only where ASSAY_CONSOLE_KEY_SIGN_IN allows),
signing out, the first admin's set-up page and a teammate's join page.

Every form carries a CSRF token bound to a pre-session cookie (api.console.session's login CSRF); every
refusal comes back as the same page with the reason in plain words and what was typed kept (passwords
excepted); brute force is limited per account (api.people.throttle, stored) and per client address.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from api import audit
from api.auth import Staff, staff_from_key, staff_of_user
from api.console import session as web_session
from api.console.pages import SECURITY_HEADERS, page
from api.deps import SessionDep, SettingsDep
from api.errors import Conflict, Unprocessable
from api.people import links, oidc, passwords, setup, teams, throttle, totp, users
from api.people import mail as staff_mail
from api.people.models import LinkPurpose, TeamRole, User
from api.people.throttle import AddressThrottle
from api.settings import Settings

router = APIRouter(include_in_schema=False)
Short = Annotated[str, Form(max_length=300)]
Secret = Annotated[str, Form(max_length=1000)]  # refused by the policy beyond 128 characters, with a message


def safe_next(value: str | None) -> str:
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/ui/"


def _address(request: Request) -> str:
    return request.client.host if request.client else ""


def _throttle(request: Request) -> AddressThrottle:
    throttle: AddressThrottle = request.app.state.login_throttle
    return throttle


def _csrf(request: Request, settings: Settings) -> tuple[str, str]:
    """The pre-session nonce (new if the cookie has none) and the form token bound to it."""
    nonce = web_session.login_csrf_nonce(request) or web_session.new_login_csrf_nonce()
    return nonce, web_session.login_csrf_token(settings, nonce)


def _form_page(request: Request, settings: Settings, template: str, context: dict[str, Any], status: int = 200,
               staff: Staff | None = None) -> Response:
    nonce, token = _csrf(request, settings)
    response = page(request, template, {**context, "csrf_token": token}, status=status, staff=staff,
                    revalidate=False)  # it sets a cookie (and may carry a link's token): never from a cache
    response.set_cookie(web_session.LOGIN_CSRF_COOKIE, nonce,
                        **web_session.login_csrf_cookie_options(settings))
    return response


def _signed_in(request: Request, settings: Settings, cookie: str, target: str) -> Response:
    response = RedirectResponse(target, status_code=303, headers=SECURITY_HEADERS)
    response.set_cookie(web_session.cookie_name(settings), cookie, **web_session.cookie_options(settings))
    return response


def _insecure(request: Request, settings: Settings) -> bool:
    """A Secure cookie over plain HTTP to another host than loopback will not be kept by the browser."""
    host = request.url.hostname or ""
    return (settings.session_cookie_secure and request.url.scheme == "http"
            and host not in ("localhost", "127.0.0.1", "::1") and not host.endswith(".localhost"))


# ------------------------------------------------------------------------------ sign in, sign out


def login_page(request: Request, settings: Settings, *, next_path: str = "/ui/", error: str | None = None,
               notice: str | None = None, email: str = "", status: int = 200, staff: Staff | None = None,
               key_error: bool = False) -> Response:
    sso = settings.oidc_button_label if request.app.state.oidc is not None else None
    return _form_page(request, settings, "login.html", {
        "next": safe_next(next_path), "error": error, "notice": notice, "email": email, "sso": sso,
        "passwords": settings.password_sign_in, "keys": settings.console_key_sign_in, "key_error": key_error,
        "insecure": _insecure(request, settings)}, status=status, staff=staff)


@router.get("/ui/login")
def login_form(request: Request, session: SessionDep, settings: SettingsDep, next: str | None = None,
               notice: str | None = None) -> Response:
    notices = {"signed-out": "You have signed out.", "password-set": "Your password was changed: sign in with it."}
    return login_page(request, settings, next_path=next or "/ui/", notice=notices.get(notice or ""),
                      staff=web_session.staff_of(session, settings, request))


@router.post("/ui/login")
def login(request: Request, session: SessionDep, settings: SettingsDep, email: Short = "", password: Secret = "",
          key: Annotated[str, Form(max_length=200)] = "", next: Annotated[str, Form(max_length=2000)] = "/ui/",
          csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    next_path = safe_next(next)
    if not web_session.login_csrf_ok(settings, request, csrf_token):
        return login_page(request, settings, next_path=next_path, email=email, status=403, error=(
            "The sign-in form expired or came from another site: sign in again from this page."))
    if key.strip() and settings.console_key_sign_in:
        return _key_login(request, session, settings, key.strip(), next_path)
    if not settings.password_sign_in:
        return login_page(request, settings, next_path=next_path, status=403,
                          error="This Assay signs people in through single sign-on only: use the button.")
    address = _address(request)
    wait = _throttle(request).retry_after(address)
    if wait is not None:
        return login_page(request, settings, next_path=next_path, email=email, status=429, error=(
            f"Too many failed sign-ins from your network: try again in {max(1, wait // 60)} minute(s)."))
    if not email.strip() or not password:
        return login_page(request, settings, next_path=next_path, email=email, status=422,
                          error="Type your e-mail address and your password.")
    outcome = users.authenticate(session, email, password)
    if outcome.outcome is not users.SignInOutcome.OK or outcome.user is None:
        session.commit()  # the failure count and any lock
        if outcome.outcome in (users.SignInOutcome.WRONG, users.SignInOutcome.LOCKED):
            _throttle(request).failed(address)
        return login_page(request, settings, next_path=next_path, email=email, status=401, error=outcome.message)
    user = outcome.user
    cookie = web_session.start_person(session, settings, request, user, mfa_pending=user.totp_secret_enc is not None)
    if user.totp_secret_enc is None:
        audit.record(session, staff_of_user(session, user), "session.login", "user", user.id, request=request,
                     method="password")
    session.commit()
    target = f"/ui/login/code?next={next_path}" if user.totp_secret_enc is not None else next_path
    return _signed_in(request, settings, cookie, target)


def _key_login(request: Request, session: Session, settings: Settings, key: str, next_path: str) -> Response:
    staff = staff_from_key(session, key)
    error = None
    if staff is None:
        error = "That key is unknown or revoked."
    elif staff.scope.teams is not None:
        error = "A key made for one team cannot open the console: sign in as yourself."
    elif staff.role not in web_session.WEB_ROLES:
        error = f"A key with the role '{staff.role}' cannot open the console (reviewer or admin only)."
    if error is not None or staff is None or staff.key_id is None:
        return login_page(request, settings, next_path=next_path, error=error, status=401, key_error=True)
    cookie, _ = web_session.start(session, settings, staff.key_id)
    audit.record(session, staff, "session.login", "key", staff.key_id, request=request)
    session.commit()
    return _signed_in(request, settings, cookie, next_path)


@router.get("/ui/login/code")
def code_form(request: Request, session: SessionDep, settings: SettingsDep, next: str | None = None) -> Response:
    current = web_session.person_of(session, request, pending=True)
    if current is None or not current.session.mfa_pending:
        return RedirectResponse(safe_next(next), status_code=303, headers=SECURITY_HEADERS)
    return _form_page(request, settings, "login_code.html", {"next": safe_next(next), "error": None,
                                                             "email": current.user.email})


@router.post("/ui/login/code")
def code(request: Request, session: SessionDep, settings: SettingsDep, code: Annotated[str, Form(max_length=20)] = "",
         next: Annotated[str, Form(max_length=2000)] = "/ui/",
         csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    current = web_session.person_of(session, request, pending=True)
    if current is None:
        return login_page(request, settings, next_path=next, status=401,
                          error="Your sign-in expired: type your e-mail address and password again.")
    context = {"next": safe_next(next), "email": current.user.email}
    if not web_session.login_csrf_ok(settings, request, csrf_token):
        return _form_page(request, settings, "login_code.html", {**context, "error": (
            "The form expired or came from another site: type the code again.")}, status=403)
    user = current.user
    if not totp.verify(session, user, request.app.state.webhook_box, code):
        throttle.record_failure(user)
        _throttle(request).failed(_address(request))
        if throttle.locked_for(user) is not None:  # too many wrong codes: the half-open session ends too
            web_session.end(session, settings, request)
        session.add(user)
        session.commit()
        return _form_page(request, settings, "login_code.html", {**context, "error": (
            "That code is not right (or was used already): wait for the next one and type it.")}, status=401)
    web_session.people_sessions.passed_mfa(session, current.session)
    audit.record(session, staff_of_user(session, user), "session.login", "user", user.id, request=request,
                 method="password+totp")
    session.commit()
    return RedirectResponse(safe_next(next), status_code=303, headers=SECURITY_HEADERS)


@router.post("/ui/logout")
def logout(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    staff = web_session.staff_of(session, settings, request)
    ended = web_session.end(session, settings, request)
    if ended is not None and staff is not None:
        target = ("user", staff.user_id) if staff.user_id else ("key", staff.key_id)
        audit.record(session, staff, "session.logout", target[0], target[1], request=request)
    session.commit()
    response = RedirectResponse("/ui/login?notice=signed-out", status_code=303, headers=SECURITY_HEADERS)
    response.delete_cookie(web_session.cookie_name(settings), path="/", secure=settings.session_cookie_secure,
                           httponly=True, samesite="lax")
    return response


# ------------------------------------------------------------------------------ set-up and join links


def _link_error(request: Request, error: links.LinkError, status: int = 410) -> Response:
    return page(request, "error.html", {"status": status, "title": "This link cannot be used",
                                        "detail": error.message}, status=status)


def _account_page(request: Request, settings: Settings, *, heading: str, action: str, button: str,
                  values: dict[str, str], errors: dict[str, str] | None = None, intro: str = "",
                  ask_name: bool = True, ask_email: bool = True, existing: bool = False,
                  password_label: str = "Password", status: int = 200) -> Response:
    return _form_page(request, settings, "account_form.html", {
        "heading": heading, "action": action, "button": button, "values": values, "errors": errors or {},
        "intro": intro, "ask_name": ask_name, "ask_email": ask_email, "existing": existing,
        "password_label": password_label}, status=status)


def _new_password_errors(password: str, confirm: str, *, email: str, name: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    found = passwords.problems(password, email=email, name=name)
    if found:
        errors["password"] = " ".join(found)
    elif passwords.normalised(password) != passwords.normalised(confirm):
        errors["confirm"] = "The two passwords differ: type the same one twice."
    return errors


SETUP_INTRO = ("You are the first person here: make the administrator account. You can invite your "
               "teammates, make hiring teams and connect single sign-on afterwards.")


@router.get("/ui/setup/{token}")
def setup_form(request: Request, token: str, session: SessionDep, settings: SettingsDep) -> Response:
    try:
        links.peek(session, token, LinkPurpose.SETUP)
    except links.LinkError as error:
        return _link_error(request, error)
    return _account_page(request, settings, heading="Set up Assay", action=f"/ui/setup/{token}",
                         button="Create the admin account", values={}, intro=SETUP_INTRO)


@router.post("/ui/setup/{token}")
def setup_submit(request: Request, token: str, session: SessionDep, settings: SettingsDep, name: Short = "",
                 email: Short = "", password: Secret = "", confirm: Secret = "",
                 csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    values = {"name": name, "email": email}
    form: dict[str, Any] = {"heading": "Set up Assay", "action": f"/ui/setup/{token}",
                            "button": "Create the admin account",
                            "intro": SETUP_INTRO}
    try:
        links.peek(session, token, LinkPurpose.SETUP)
    except links.LinkError as error:
        return _link_error(request, error)
    if not web_session.login_csrf_ok(settings, request, csrf_token):
        return _account_page(request, settings, **form, values=values, status=403, errors={
            "password": "The form expired or came from another site: type the passwords again and submit."})
    errors = _identity_errors(name, email) | _new_password_errors(password, confirm, email=email, name=name)
    if errors:
        return _account_page(request, settings, **form, values=values, errors=errors, status=422)
    try:
        user = setup.complete(session, token, name=name, email=email, password=password)
    except links.LinkError as error:
        return _link_error(request, error)
    staff = staff_of_user(session, user)
    audit.record(session, staff, "user.setup", "user", user.id, request=request, email=user.email)
    cookie = web_session.start_person(session, settings, request, user)
    audit.record(session, staff, "session.login", "user", user.id, request=request, method="setup")
    session.commit()
    return _signed_in(request, settings, cookie, "/ui/")


def _identity_errors(name: str, email: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not " ".join(name.split()):
        errors["name"] = "Type your name."
    elif len(" ".join(name.split())) > users.MAX_NAME:
        errors["name"] = f"Use at most {users.MAX_NAME} characters."
    local, _, domain = email.strip().partition("@")
    if not local or "." not in domain or " " in email.strip() or len(email.strip()) > users.MAX_EMAIL:
        errors["email"] = "Type an e-mail address like jane@example.com."
    return errors


@router.get("/ui/join/{token}")
def join_form(request: Request, token: str, session: SessionDep, settings: SettingsDep) -> Response:
    try:
        link = links.peek(session, token, LinkPurpose.INVITE)
    except links.LinkError as error:
        return _link_error(request, error)
    return _join_page(request, session, settings, token, link.email, link.name)


def _join_page(request: Request, session: Session, settings: Settings, token: str, email: str, name: str,
               errors: dict[str, str] | None = None, status: int = 200) -> Response:
    link = links.peek(session, token, LinkPurpose.INVITE)
    team = teams.get(session, link.team_id) if link.team_id else None
    role = teams.ROLE_NAMES.get(TeamRole(link.role)) if link.role else None
    where = f"the {team.name} team as {role}" if team and role else "Assay"
    existing = users.by_email(session, email) is not None
    intro = (f"You were invited to {where}. You already have an account: type your password to join."
             if existing else f"You were invited to {where}. Pick your password to finish.")
    return _account_page(request, settings, heading="Join your team on Assay", action=f"/ui/join/{token}",
                         button="Join the team", values={"name": name, "email": email}, errors=errors,
                         intro=intro, ask_name=not existing, ask_email=False, existing=existing, status=status)


@router.post("/ui/join/{token}")
def join_submit(request: Request, token: str, session: SessionDep, settings: SettingsDep, name: Short = "",
                password: Secret = "", confirm: Secret = "",
                csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    try:
        link = links.peek(session, token, LinkPurpose.INVITE)
    except links.LinkError as error:
        return _link_error(request, error)
    if not web_session.login_csrf_ok(settings, request, csrf_token):
        return _join_page(request, session, settings, token, link.email, name, status=403, errors={
            "password": "The form expired or came from another site: type your password again and submit."})
    user = users.by_email(session, link.email)
    if user is not None:  # an account already: its password proves it is theirs
        outcome = users.authenticate(session, link.email, password)
        if outcome.outcome is not users.SignInOutcome.OK:
            session.commit()
            return _join_page(request, session, settings, token, link.email, name, status=401,
                              errors={"password": outcome.message})
    else:
        errors = _identity_errors(name, link.email) | _new_password_errors(password, confirm, email=link.email,
                                                                           name=name)
        if errors:
            return _join_page(request, session, settings, token, link.email, name, errors=errors, status=422)
        try:
            user = users.create(session, email=link.email, name=name, password=password, is_admin=link.is_admin)
        except (Conflict, Unprocessable, passwords.PasswordRejected) as exc:
            return _join_page(request, session, settings, token, link.email, name, status=422,
                              errors={"password": str(exc)})
    try:
        links.use(session, token, LinkPurpose.INVITE)
    except links.LinkError as error:
        session.rollback()
        return _link_error(request, error)
    if link.team_id and link.role:
        teams.set_member(session, teams.get(session, link.team_id), user, link.role)
    staff = staff_of_user(session, user)
    audit.record(session, staff, "user.created" if user.last_login_at is None else "team.member_set", "user",
                 user.id, request=request, team_id=link.team_id, role=link.role, via="invitation")
    cookie = web_session.start_person(session, settings, request, user)
    audit.record(session, staff, "session.login", "user", user.id, request=request, method="invitation")
    session.commit()
    return _signed_in(request, settings, cookie, "/ui/")


# ------------------------------------------------------------------------------ password reset


@router.get("/ui/reset")
def reset_request_form(request: Request, settings: SettingsDep, sent: str | None = None,
                       email: str | None = None) -> Response:
    return _form_page(request, settings, "reset_request.html", {"sent": sent == "1", "email": email or "",
                                                                "error": None, "mail": _mail_on(request)})


def _mail_on(request: Request) -> bool:
    return bool(request.app.state.mail_outbox.enabled)


@router.post("/ui/reset")
def reset_request(request: Request, session: SessionDep, settings: SettingsDep, email: Short = "",
                  csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    """Always the same answer, whether the address has an account or not (it tells nobody who works here);
    the e-mail goes only to an active account with a password."""
    if not web_session.login_csrf_ok(settings, request, csrf_token):
        return _form_page(request, settings, "reset_request.html", {"sent": False, "email": email, "error": (
            "The form expired or came from another site: send it again."), "mail": _mail_on(request)}, status=403)
    if not email.strip() or "@" not in email:
        return _form_page(request, settings, "reset_request.html", {"sent": False, "email": email, "error": (
            "Type the e-mail address you sign in with, like jane@example.com."), "mail": _mail_on(request)},
                          status=422)
    address = _address(request)
    if _throttle(request).retry_after(address) is None:
        _throttle(request).failed(address)  # each request counts: no one mails a mailbox full
        user = users.by_email(session, email)
        if user is not None and user.active and user.password_hash is not None:
            links.withdraw_unused(session, LinkPurpose.RESET, email=user.email)
            issued = links.issue(session, LinkPurpose.RESET, email=user.email, user_id=user.id)
            staff_mail.queue_password_reset(session, user=user, link_token=issued.token,
                                            public_url=settings.resolved_public_url)
            audit.record(session, None, "user.password_reset", "user", user.id, request=request, step="requested")
            session.commit()
    return RedirectResponse(f"/ui/reset?sent=1&email={quote(email.strip())}", status_code=303,
                            headers=SECURITY_HEADERS)


@router.get("/ui/reset/{token}")
def reset_form(request: Request, token: str, session: SessionDep, settings: SettingsDep) -> Response:
    try:
        link = links.peek(session, token, LinkPurpose.RESET)
    except links.LinkError as error:
        return _link_error(request, error)
    return _account_page(request, settings, heading="Pick a new password", action=f"/ui/reset/{token}",
                         button="Save the new password", values={"email": link.email}, ask_name=False,
                         ask_email=False, password_label="New password")


@router.post("/ui/reset/{token}")
def reset_submit(request: Request, token: str, session: SessionDep, settings: SettingsDep, password: Secret = "",
                 confirm: Secret = "", csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    try:
        link = links.peek(session, token, LinkPurpose.RESET)
    except links.LinkError as error:
        return _link_error(request, error)
    user = users.get(session, link.user_id) if link.user_id else None
    form: dict[str, Any] = {"heading": "Pick a new password", "action": f"/ui/reset/{token}",
                            "button": "Save the new password", "values": {"email": link.email}, "ask_name": False,
                            "ask_email": False, "password_label": "New password"}
    if not web_session.login_csrf_ok(settings, request, csrf_token):
        return _account_page(request, settings, **form, status=403, errors={
            "password": "The form expired or came from another site: type the passwords again and submit."})
    if user is None or not user.active:
        return _link_error(request, links.LinkError("unknown", "This account cannot sign in any more."))
    errors = _new_password_errors(password, confirm, email=user.email, name=user.name)
    if errors:
        return _account_page(request, settings, **form, errors=errors, status=422)
    links.use(session, token, LinkPurpose.RESET)
    users.set_password(session, user, password)  # every session of theirs ends, a lock is lifted
    audit.record(session, staff_of_user(session, user), "user.password_changed", "user", user.id, request=request,
                 via="reset")
    session.commit()
    return RedirectResponse("/ui/login?notice=password-set", status_code=303, headers=SECURITY_HEADERS)


# ------------------------------------------------------------------------------ single sign-on


@router.get("/ui/sso/start")
def sso_start(request: Request, session: SessionDep, settings: SettingsDep, next: str | None = None) -> Response:
    client: oidc.OidcClient | None = request.app.state.oidc
    if client is None:
        return login_page(request, settings, status=404, error="Single sign-on is not set up on this Assay.")
    try:
        url = client.begin(session, _callback_url(settings), return_to=safe_next(next))
    except oidc.OidcError as error:
        return login_page(request, settings, next_path=next or "/ui/", status=502, error=str(error))
    session.commit()
    return RedirectResponse(url, status_code=303, headers=SECURITY_HEADERS)


def _callback_url(settings: Settings) -> str:
    return f"{settings.resolved_public_url}/ui/sso/callback"


@router.get("/ui/sso/callback")
def sso_callback(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    client: oidc.OidcClient | None = request.app.state.oidc
    if client is None:
        return login_page(request, settings, status=404, error="Single sign-on is not set up on this Assay.")
    try:
        identity, return_to = client.finish(session, dict(request.query_params), _callback_url(settings))
        session.commit()  # the state is used up, whatever happens next
        user: User = oidc.provision(session, identity, settings)
    except oidc.OidcError as error:
        session.commit()
        return login_page(request, settings, status=401, error=str(error))
    cookie = web_session.start_person(session, settings, request, user)
    audit.record(session, staff_of_user(session, user), "session.login", "user", user.id, request=request,
                 method="sso", groups=list(identity.groups)[:20])
    session.commit()
    return _signed_in(request, settings, cookie, safe_next(return_to))
