"""The schema comes from the migrations, and the migrations agree with the models."""
from __future__ import annotations

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from organizer import create_app
from organizer.database import alembic_compare_type, alembic_include_object
from organizer.extensions import db

from .conftest import PG_URL, base_config


@pytest.fixture
def empty_database_url(backend, tmp_path):
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path}/empty.sqlite"
        return
    import psycopg
    from sqlalchemy.engine import make_url

    from organizer.config import normalize_database_url

    base = make_url(normalize_database_url(PG_URL))
    name = f"organizer_migr_{uuid.uuid4().hex[:10]}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield base.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_migrations_build_the_schema_the_models_describe(empty_database_url, tmp_path):
    app = create_app(base_config(tmp_path, empty_database_url))
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={
                "compare_type": alembic_compare_type, "render_as_batch": True,
                "include_object": alembic_include_object})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        # And the way back works too.
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_every_migration_ships_inside_the_package():
    import organizer

    versions = os.path.join(os.path.dirname(organizer.__file__), "migrations", "versions")
    assert any(name.endswith(".py") for name in os.listdir(versions))
