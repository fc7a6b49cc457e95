"""SQLite: the candidate's query (main.sql) against a database the test input builds.

A test's input is an SQL script (the problem's schema and data). Each run builds a fresh database from
it in the work directory, then runs the query on that database read-only (``-readonly`` and
``PRAGMA query_only``: a write fails with "attempt to write a readonly database") and in safe mode (no
``.shell``, ``.open``, ``.load`` or ``ATTACH``). The result is printed in SQLite's quote mode with a
header row (``'name',2,NULL``), which the ``sql`` grader (graders/sql_result.py) compares.

Exit codes: the query's own (1 on an error, the first error stops it); 3 when the problem's script
itself fails (a judge error, never the candidate's).
"""

from sandbox.languages.base import Language, shell

# The marker line the run prints on stderr when the problem's database script fails.
DATA_FAILED = "assay-sql: the problem's database script failed"
DATA_FAILED_EXIT = 3

LANGUAGE = Language(
    name="sqlite",
    display_name="SQL (SQLite 3)",
    short_name="SQL",
    source_name="main.sql",
    extensions=(".sql",),
    aliases=("sql", "sqlite3"),
    interpreted=True,
    run=shell(
        # the build needs no durability: no journal, no syncs (thousands of INSERTs take milliseconds)
        "sqlite3 -batch -bail -cmd 'PRAGMA journal_mode=OFF' -cmd 'PRAGMA synchronous=OFF' data.db >/dev/null"
        f" || {{ echo \"{DATA_FAILED}\" >&2; exit {DATA_FAILED_EXIT}; }}; "
        "exec sqlite3 -readonly -safe -batch -bail -header -quote -cmd 'PRAGMA query_only=ON' data.db < main.sql"
    ),
    version=shell("sqlite3 --version | cut -d ' ' -f 1"),  # "3.40.1", without the date and hash
    lexer="sql",
    general_purpose=False,  # a query, not a program: only problems that name it (grader kind sql)
)
