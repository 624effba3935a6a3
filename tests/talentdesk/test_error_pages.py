import pytest

pytestmark = pytest.mark.django_db


def test_unknown_page_gets_the_branded_404(cast, login):
    response = login(cast.owner).get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.text and "talent<strong>desk</strong>" in response.text


def test_500_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("errors/500.html")
    assert "Something went wrong" in html


def test_health_check_answers(anon):
    assert anon.get("/healthz").json() == {"status": "ok"}


def test_21_health_check_answers_503_while_the_database_is_away(anon, monkeypatch):
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    def refuse(self, sql, params=None):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = anon.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "database unavailable"}
