"""Alembic environment for Organizer (run through Flask-Migrate: ``flask db upgrade``)."""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db

from organizer.database import alembic_compare_type as compare_type  # noqa: E402
from organizer.database import alembic_include_object as include_object  # noqa: E402
from organizer.database import alembic_render_item as render_item  # noqa: E402


def run_migrations_online():
    def process_revision_directives(context_, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    conf_args["render_item"] = render_item
    conf_args["compare_type"] = compare_type
    conf_args["include_object"] = include_object
    conf_args.setdefault("render_as_batch", True)

    connectable = target_db.engine
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_db.metadata, **conf_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; run `flask db upgrade` against a database.")
run_migrations_online()
