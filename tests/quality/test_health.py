"""``/sante/``: the public health check, also the benchmark's trivial reference view."""

import pytest

pytestmark = pytest.mark.django_db


def test_health_check_answers_ok_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/sante/")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_health_check_refuses_posts(client):
    assert client.post("/sante/").status_code == 405
