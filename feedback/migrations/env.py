"""Alembic environment: migrate the connection `feedback.db.migrate` hands over."""

from alembic import context

from feedback.db import VERSION_TABLE, database_url
from feedback.schema import metadata


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:  # the alembic command line: open the configured database
        from feedback.db import engine_for

        with engine_for(database_url(), migrate_now=False).connect() as connection:
            _run(connection)
            connection.commit()
        return
    _run(connection)


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
