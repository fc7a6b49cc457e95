"""`assay serve`: the embedded default (SQLite + in-process executor) on one port."""

from __future__ import annotations

import logging
import logging.config
from typing import Any

import click


@click.command("serve")
@click.option("--host", default=None, help="bind address (ASSAY_HOST, default 127.0.0.1)")
@click.option("--port", type=int, default=None, help="port (ASSAY_PORT, default 8000)")
def serve(host: str | None, port: int | None) -> None:
    """Run the Assay service (data in ASSAY_DATA_DIR; every setting an ASSAY_* variable)."""
    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    from api.app import create_app
    from api.log_redaction import dict_config
    from api.people import setup
    from api.services.bootstrap import ensure_demo_assessment, import_library, retire_first_admin_key
    from api.settings import Settings

    # uvicorn's access log and Assay's own loggers, every line without credentials (api.log_redaction)
    log_config = dict_config(LOGGING_CONFIG)
    logging.config.dictConfig(log_config)
    overrides: dict[str, Any] = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = Settings(**overrides)
    app = create_app(settings)
    engine = app.state.engine
    if settings.load_bundled_problems:
        imported = import_library(engine)
        click.echo(f"problem library: {len(imported)} problem(s) loaded")
    demo = ensure_demo_assessment(engine) if settings.demo else None
    url = settings.resolved_public_url
    if retire_first_admin_key(engine, settings.data_dir):
        click.echo(f"Removed {settings.data_dir / 'first-admin-key'} and revoked its admin key (people sign in "
                   "themselves now; `assay keys create` makes keys for scripts).")
    first = setup.first_start(engine, url)
    sign_in = ""
    if first is not None and first.url:
        hours = int(first.expires_in.total_seconds() // 3600)
        sign_in = f"""
First start: nobody can sign in yet. Open this one-time link within {hours} hours and make the admin account:
  {first.url}
  (a new one: `assay users setup-link`)
"""
    elif first is not None:
        sign_in = ("\nFirst start: another Assay process printed the set-up link just now "
                   "(or run `assay users setup-link`).\n")
    click.echo(f"""
Assay is starting on {url}
  HR console:  {url}/ui/   (create assessments, invite candidates; candidates get a link to {url}/take/...)
  REST API:    {url}/docs  (data: {settings.data_dir.resolve()}){sign_in}
{"Demo assessment ready: open it in the console and invite yourself." if demo else ""}
""")
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", log_config=log_config)
