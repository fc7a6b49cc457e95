"""The `assay` command line. Each command lives in its own module under api/commands/."""

from __future__ import annotations

import click

from api.commands.images import images
from api.commands.keys import keys
from api.commands.privacy import privacy
from api.commands.problems import problems
from api.commands.run import run
from api.commands.serve import serve
from api.commands.users import users
from api.commands.worker import worker


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="assay")
def main() -> None:
    """Assay: self-hosted technical screening with hardened Docker sandboxes."""


main.add_command(run)
main.add_command(images)
main.add_command(problems)
main.add_command(serve)
main.add_command(keys)
main.add_command(users)
main.add_command(privacy)
main.add_command(worker)

if __name__ == "__main__":
    main()
