"""Sign-in: who is reading. Programs send `Authorization: Bearer TOKEN`; people sign in once
on `/sign-in`, which keeps the token in an HttpOnly, SameSite=Strict cookie (so no other
site can make a browser use it). Tokens come from `pockg user add` (see `pockg.users`).

A wrong token in the header is refused with 401, since a program that sends one expects to
be somebody; a stale cookie just reads as anonymous.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from pockg.access import ANONYMOUS, Reader
from pockg.users import UserStore

TOKEN_COOKIE = "pockg_token"
_BEARER = "bearer "


def current_reader(request: Request) -> Reader:
    """Return the reader of `request` (anonymous without a token); 401 for a bad header."""
    header = request.headers.get("authorization")
    if header is not None:
        if not header.lower().startswith(_BEARER):
            raise _unauthorised("use 'Authorization: Bearer TOKEN' with a token from pockg user")
        user = _users(request).authenticate(header[len(_BEARER) :].strip())
        if user is None:
            raise _unauthorised("the API token is unknown or has been revoked")
        return Reader(user)
    return cookie_reader(request)


def cookie_reader(request: Request) -> Reader:
    """Return the reader the sign-in cookie names, else anonymous."""
    token = request.cookies.get(TOKEN_COOKIE)
    if not token:
        return ANONYMOUS
    user = _users(request).authenticate(token)
    return Reader(user) if user is not None else ANONYMOUS


CurrentReader = Annotated[Reader, Depends(current_reader)]


def _users(request: Request) -> UserStore:
    return UserStore(request.app.state.settings.users_db)


def _unauthorised(detail: str) -> HTTPException:
    return HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})
