import re

from django.core import mail
from django.urls import reverse

from nastavnik.conftest import PASSWORD


def test_the_login_page_is_in_russian(client, db):
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="ru">' in page and "Вход в систему" in page and "Забыли пароль?" in page


def test_a_wrong_password_is_explained_in_russian(client, cast):
    response = client.post(reverse("login"), {"username": "curator_a", "password": "не тот"})
    assert "Неверный логин или пароль" in response.content.decode()


def test_logging_out_ends_the_session(client, cast):
    client.force_login(cast.curator_a)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 302


def test_a_user_changes_their_password(client, cast):
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Новый-пароль-2020",
            "new_password2": "Новый-пароль-2020",
        },
    )
    assert response.status_code == 302
    cast.curator_a.refresh_from_db()
    assert cast.curator_a.check_password("Новый-пароль-2020")


def test_password_rules_are_explained_in_russian(client, cast):
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"}
    )
    assert "Введённый пароль слишком короткий" in response.content.decode()


def test_a_forgotten_password_is_reset_through_an_emailed_link(client, cast):
    client.post(reverse("password_reset"), {"email": cast.curator_a.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Наставник: восстановление пароля"
    link = re.search(r"http://testserver(/accounts/reset/\S+)", message.body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "Свежий-пароль-77", "new_password2": "Свежий-пароль-77"}
    )
    assert response.status_code == 302
    assert client.login(username="curator_a", password="Свежий-пароль-77")
