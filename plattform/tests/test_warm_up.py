"""A new gunicorn worker answers the main pages once before its first visitor."""

from __future__ import annotations

import logging

import pytest

from plattform import wsgi


@pytest.mark.django_db(transaction=True)
def test_warm_up_answers_every_page_and_closes_its_connections(cast, caplog, monkeypatch):
    from django.db import connections

    closed = []
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True))
    with caplog.at_level(logging.WARNING, logger="plattform.wsgi"):
        wsgi.warm_up()
    assert caplog.records == []  # every page answered 200 or a redirect
    assert closed == [True]


@pytest.mark.django_db(transaction=True)
def test_a_failing_warm_up_does_not_stop_the_worker(monkeypatch, caplog):
    monkeypatch.setattr(wsgi, "WARM_UP_PATHS", ("/",))

    def broken(environ, start_response):
        raise RuntimeError("Datenbank nicht erreichbar")

    monkeypatch.setattr(wsgi, "application", broken)
    wsgi.warm_up()
    assert "Aufwärmen vor dem Start der Worker fehlgeschlagen" in caplog.text
