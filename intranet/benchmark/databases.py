"""The benchmark's own databases, one per size, next to the one DATABASE_URL names.

SQLite (DATABASE_URL unset) keeps them in var/bench/<size>.sqlite3; PostgreSQL uses databases
named <name>_<size> on the server DATABASE_URL points at, and never touches <name> itself.
Each database has its own media folder, since its pages point at files the loaders wrote.
"""

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

BENCH_DIR = Path(settings.BASE_DIR) / "var" / "bench"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,50}$")


class DatabaseError(Exception):
    pass


class SqliteDatabase:
    vendor = "sqlite"

    def __init__(self, name):
        self.name = name
        self.path = BENCH_DIR / f"{name}.sqlite3"
        self.media_root = BENCH_DIR / "media" / f"{name}-sqlite"

    @property
    def url(self):
        return f"sqlite:///{self.path}"

    @property
    def label(self):
        return str(self.path.relative_to(settings.BASE_DIR))

    def sibling(self, name):
        return SqliteDatabase(name)

    def exists(self):
        return self.path.exists()

    def drop(self):
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        shutil.rmtree(self.media_root, ignore_errors=True)

    def create(self):
        BENCH_DIR.mkdir(parents=True, exist_ok=True)

    def rename(self, other):
        self.path.replace(other.path)
        if self.media_root.exists():
            self.media_root.replace(other.media_root)


class PostgresDatabase:
    vendor = "postgresql"

    def __init__(self, base_url, name):
        if not _NAME.match(name):
            raise DatabaseError(f"Not a database name the benchmark will use: {name!r}.")
        self.base_url = base_url
        self.name = name
        self.media_root = BENCH_DIR / "media" / f"{name}-postgresql"

    @property
    def url(self):
        return urlunsplit(urlsplit(self.base_url)._replace(path=f"/{self.name}"))

    @property
    def label(self):
        parts = urlsplit(self.base_url)
        return f"{self.name} on {parts.hostname}:{parts.port or 5432}"

    def sibling(self, name):
        return PostgresDatabase(self.base_url, name)

    def _admin(self):
        """An autocommit connection to the server's maintenance database."""
        import psycopg

        parts = urlsplit(self.base_url)
        try:
            return psycopg.connect(
                dbname="postgres",
                user=parts.username,
                password=parts.password,
                host=parts.hostname,
                port=parts.port or 5432,
                autocommit=True,
            )
        except psycopg.Error as exc:
            raise DatabaseError(f"Cannot reach PostgreSQL at {self.label}: {exc}") from exc

    def _execute(self, statement, *names):
        from psycopg import sql

        with self._admin() as connection:
            return connection.execute(
                sql.SQL(statement).format(*(sql.Identifier(name) for name in names))
            )

    def exists(self):
        with self._admin() as connection:
            found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name])
            return found.fetchone() is not None

    def drop(self):
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)
        shutil.rmtree(self.media_root, ignore_errors=True)

    def create(self):
        self._execute("CREATE DATABASE {}", self.name)

    def rename(self, other):
        self._execute("ALTER DATABASE {} RENAME TO {}", self.name, other.name)
        if self.media_root.exists():
            self.media_root.replace(other.media_root)


def for_size(size, database_url=None):
    """The database a size is measured on: SQLite unless DATABASE_URL names PostgreSQL."""
    if not database_url or database_url.startswith("sqlite:"):
        return SqliteDatabase(size)
    scheme = urlsplit(database_url).scheme
    if scheme not in ("postgres", "postgresql", "pgsql"):
        raise DatabaseError(f"The benchmark runs on SQLite or PostgreSQL, not {scheme!r}.")
    base = urlsplit(database_url).path.lstrip("/")
    if not base:
        raise DatabaseError("DATABASE_URL names no database, e.g. postgres://guild@db/guild.")
    return PostgresDatabase(database_url, f"{base}_{size}")
