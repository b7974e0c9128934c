"""Signing in and out (`/sign-in`, `/sign-out`) and `/api/me`, who the API sees."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from api.auth import TOKEN_COOKIE, CurrentReader
from api.deps import read_form, templates
from pockg.users import UserStore

router = APIRouter(prefix="/api", tags=["account"])
pages = APIRouter(include_in_schema=False)

COOKIE_DAYS = 30


class MeOut(BaseModel):
    """The reader a request is read as."""

    signed_in: bool
    name: str | None = None
    role: str | None = None
    grants: list[str] = []


@router.get("/me", responses={401: {"description": "An unknown or revoked token"}})
def me(reader: CurrentReader) -> MeOut:
    """Return who the request is read as: anonymous, or a user with role and grants."""
    if reader.user is None:
        return MeOut(signed_in=False)
    user = reader.user
    return MeOut(signed_in=True, name=user.name, role=user.role.value, grants=sorted(user.grants))


@pages.get("/sign-in", response_class=HTMLResponse)
def sign_in_form(request: Request, next: str = "/") -> HTMLResponse:
    """Render the sign-in form."""
    context = {"next": _local(next), "error": None}
    return templates.TemplateResponse(request, "sign_in.html", context)


@pages.post("/sign-in", response_class=HTMLResponse)
async def sign_in(request: Request) -> Response:
    """Check the token and keep it in the sign-in cookie; 401 with the form again if wrong."""
    form = await read_form(request)
    token, target = form.get("token", "").strip(), _local(form.get("next", "/"))
    user = UserStore(request.app.state.settings.users_db).authenticate(token) if token else None
    if user is None:
        context: dict[str, Any] = {
            "next": target,
            "error": "That token is unknown or has been revoked. Ask an admin for a new one.",
        }
        return templates.TemplateResponse(request, "sign_in.html", context, status_code=401)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        TOKEN_COOKIE,
        token,
        max_age=COOKIE_DAYS * 24 * 3600,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@pages.post("/sign-out")
def sign_out() -> Response:
    """Forget the sign-in cookie."""
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(TOKEN_COOKIE, httponly=True, samesite="strict")
    return response


def _local(target: str) -> str:
    """Return `target` if it is a path on this site, else `/` (no open redirect)."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"
