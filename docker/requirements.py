"""Used by the Dockerfile: print the project's requirements (and those of the extras named) from pyproject.toml.

Installing them before the source is copied keeps the dependency layer cached across code changes.
"""

import sys
import tomllib

with open(sys.argv[1], "rb") as handle:
    project = tomllib.load(handle)["project"]
extras = [name for name in (sys.argv[2] if len(sys.argv) > 2 else "").replace(",", " ").split() if name]
requirements = list(project.get("dependencies", []))
for name in extras:
    try:
        requirements += project["optional-dependencies"][name]
    except KeyError:
        sys.exit(f"requirements.py: no extra {name!r} in pyproject.toml")
print("\n".join(requirements))
