"""Fixtures shared by every layer: the database behind the store (SQLite in the data folder, or a
real PostgreSQL server the tests start themselves)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def postgres():
    """One throwaway PostgreSQL server for the whole run (tests/pg.py)."""
    from tests.pg import Postgres

    try:
        server = Postgres()
    except RuntimeError as error:
        pytest.fail(str(error))
    yield server
    from tongxin import db

    db.dispose_all()
    server.stop()


@pytest.fixture
def pg_url(postgres):
    """A fresh, empty PostgreSQL database for one test."""
    from tongxin import db

    url = postgres.create_database()
    yield url
    db.forget(url)
    postgres.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request):
    """Each store test runs twice: SQLite in the data folder (url None) and a real PostgreSQL."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("pg_url")
