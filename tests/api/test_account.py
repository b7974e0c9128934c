"""Signing in: tokens in the Authorization header, the sign-in cookie, `/api/me`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from pockg.config import Settings
from pockg.users import Role, UserStore


@pytest.fixture(scope="module")
def tokens(corpus_settings: Settings) -> dict[str, str]:
    users = UserStore(corpus_settings.users_db)
    made = {}
    for name, role in (("rita", Role.READER), ("carl", Role.CURATOR), ("ada", Role.ADMIN)):
        if name not in {u.name for u in users.users()}:
            made[name] = users.add(name, role)
        else:
            made[name] = users.new_token(name)
    return made


@pytest.fixture
def browser(corpus_settings: Settings) -> Iterator[TestClient]:
    """A client of its own, so the cookies it keeps stay in one test."""
    with TestClient(create_app(corpus_settings)) as fresh:
        yield fresh


def test_me_is_anonymous_without_a_token(client: TestClient) -> None:
    assert client.get("/api/me").json() == {
        "signed_in": False,
        "name": None,
        "role": None,
        "grants": [],
    }


def test_bearer_token_signs_in_a_program(client: TestClient, tokens: dict[str, str]) -> None:
    me = client.get("/api/me", headers={"Authorization": f"Bearer {tokens['carl']}"}).json()
    assert (me["signed_in"], me["name"], me["role"]) == (True, "carl", "curator")


@pytest.mark.parametrize(
    "header",
    ["Bearer pockg_not-a-real-token", "Basic dXNlcjpwYXNz", "Bearer ", "pockg_x"],
)
def test_bad_authorization_is_401_json(client: TestClient, header: str) -> None:
    response = client.get("/api/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "token" in response.json()["detail"]


def test_sign_in_sets_a_strict_http_only_cookie(
    browser: TestClient, tokens: dict[str, str]
) -> None:
    response = browser.post(
        "/sign-in",
        content=f"token={tokens['rita']}&next=/countries",
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/countries"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("pockg_token=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    page = browser.get("/countries")
    assert "Signed in as <strong>rita</strong> (reader)" in page.text
    signed_out = browser.post("/sign-out", follow_redirects=False)
    assert signed_out.headers["set-cookie"].startswith('pockg_token=""')
    browser.cookies.clear()  # what the browser does with the expired cookie
    assert 'href="/sign-in?next=/countries"' in browser.get("/countries").text


def test_wrong_token_shows_the_form_again_with_401(browser: TestClient) -> None:
    response = browser.post(
        "/sign-in",
        content="token=pockg_wrong&next=/",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 401
    assert "That token is unknown or has been revoked" in response.text
    assert "set-cookie" not in response.headers


def test_sign_in_never_redirects_off_site(browser: TestClient, tokens: dict[str, str]) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = browser.post(
            "/sign-in",
            content=f"token={tokens['rita']}&next={target}",
            headers={"content-type": "application/x-www-form-urlencoded"},
            follow_redirects=False,
        )
        assert response.headers["location"] == "/", target


def test_stale_cookie_reads_as_anonymous(browser: TestClient) -> None:
    browser.cookies.set("pockg_token", "pockg_revoked")
    page = browser.get("/countries")
    assert page.status_code == 200
    assert "Sign in</a>" in page.text
