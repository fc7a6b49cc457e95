"""`assay serve`: the embedded default (SQLite + in-process executor) on one port."""

from __future__ import annotations

import logging

import click


@click.command("serve")
@click.option("--host", default=None, help="bind address (ASSAY_HOST, default 127.0.0.1)")
@click.option("--port", type=int, default=None, help="port (ASSAY_PORT, default 8000)")
def serve(host: str | None, port: int | None) -> None:
    """Run the Assay service (data in ASSAY_DATA_DIR; every setting an ASSAY_* variable)."""
    import uvicorn

    from api.app import create_app
    from api.services.bootstrap import ensure_demo_assessment, import_library
    from api.settings import Settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    overrides = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = Settings(**overrides)
    app = create_app(settings)
    engine = app.state.engine
    if settings.load_bundled_problems:
        imported = import_library(engine)
        click.echo(f"problem library: {len(imported)} problem(s) loaded")
    demo = ensure_demo_assessment(engine) if settings.demo else None
    url = settings.resolved_public_url
    click.echo(f"""
Assay is starting on {url}  (OpenAPI: {url}/docs, data: {settings.data_dir.resolve()})

Try the candidate flow with curl:
  KEY=$(.venv/bin/assay keys create --role admin --quiet)
  curl -s -H "Authorization: Bearer $KEY" {url}/v1/problems
  curl -s -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' {url}/v1/invitations \\
       -d '{{"assessment_id": "{demo or '<assessment id>'}", "candidate": {{"name": "Ada", "email": "ada@example.com"}},
            "expires_at": "2099-01-01T00:00:00Z"}}'          # -> "token": "inv_..."
  TOKEN=inv_...
  curl -s -X POST -H "Authorization: Bearer $TOKEN" {url}/v1/me/start
  curl -s -H "Authorization: Bearer $TOKEN" {url}/v1/me/problems/range-sum
  curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
       '{url}/v1/me/submissions?wait=30' -d '{{"problem": "range-sum", "language": "python3", "source": "..."}}'
""")
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")
