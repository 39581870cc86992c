"""Signing in and out, in Chinese; anonymous visitors are sent to the login page."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.mark.parametrize(
    "url", ["/", "/catalogue/", "/catalogue/rules/", "/procurement/units/1/", "/orgs/1/"]
)
def test_anonymous_is_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"]


def test_login_page_speaks_chinese(client, db):
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-CN">' in body
    assert "登录" in body and "用户名" in body and "密码" in body
    assert "/static/vendor/bootstrap/bootstrap.min.css" in body  # served locally


def test_wrong_password_gets_a_chinese_message(world, client):
    response = client.post(reverse("login"), {"username": "p_street", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_login_lands_on_own_home_and_logout_needs_post(world, client):
    response = client.post(
        reverse("login"), {"username": "p_street", "password": PASSWORD}, follow=True
    )
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "街道试点协调员" in body and "沧浪街道" in body
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302


def test_user_without_role_sees_no_data(db, client):
    from apps.accounts.services import user_create
    from apps.procurement.services import pilot_round_load

    pilot_round_load()
    user = user_create(actor=None, username="nobody", password=PASSWORD)
    client.force_login(user)
    body = client.get("/").content.decode()
    assert "尚未分配角色" in body
    assert client.get("/api/v1/units/").json()["count"] == 0
