"""Exit 0 when the PostgreSQL server of the URL given answers, 1 (with a note) otherwise."""

import sys

import dj_database_url
import psycopg

config = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        connect_timeout=3,
    ).close()
except psycopg.OperationalError as error:
    print(f"PostgreSQL not reachable at {config['HOST']}:{config['PORT']}: {error}".strip())
    sys.exit(1)
