"""The input validators of a Kattis package (``input_validators/``, legacy ``input_format_validators/``)
as the package's input_validators/, and the flags problemtools passes them (``input_validator_flags``
of testdata.yaml, ``input_validator_args`` of test_group.yaml, inherited down the data/ tree).

A validator is one source file or one folder of a program's files, as in Kattis. Those Assay cannot
run (checktestdata ``.ctd``, VIVA ``.viva``, build/run scripts) are left out, with a warning.
"""

from __future__ import annotations

import posixpath

from problemformat.input_validators import FOLDER, main_file
from problemformat.kattis.source import KattisSource, tokens
from problemformat.package_loader import natural_key
from sandbox import detect

__all__ = ["input_flags", "input_validators"]

KATTIS_FOLDERS = ("input_validators", "input_format_validators")
FLAG_KEYS = ("input_validator_flags", "input_validator_args")


def input_validators(source: KattisSource) -> dict[str, bytes]:
    """The validators' files as input_validators/... of the Assay package."""
    files: dict[str, bytes] = {}
    for folder in KATTIS_FOLDERS:
        entries: dict[str, dict[str, bytes]] = {}
        folders: set[str] = set()
        for rel, data in source.under(folder).items():
            name, _, inner = rel.partition("/")
            entries.setdefault(name, {})[inner or name] = data
            if inner:
                folders.add(name)
        for name in sorted(entries, key=natural_key):
            where = f"{folder}/{name}"
            own = entries[name]
            is_folder = name in folders
            if not is_folder:
                if detect([name]) is None:
                    source.warn(f"{where}: not converted (Assay runs validators in its languages only, "
                                f"not {posixpath.splitext(name)[1] or 'this kind of'} files)")
                    continue
            else:
                main = main_file(own)
                if main is None or detect([main]) is None:
                    source.warn(f"{where}/: not converted (no single main program in a language Assay runs)")
                    continue
            target = f"{FOLDER}/{name}"
            if any(path == target or path.startswith(target + "/") for path in files):
                source.warn(f"{where}: not converted (another validator is also called {name!r})")
                continue
            for inner, data in own.items():
                files[target if not is_folder else f"{target}/{inner}"] = data
    return files


def input_flags(source: KattisSource, folder: str) -> list[str]:
    """The input validators' flags for the test cases of ``folder`` (data/sample, data/secret/x):
    the nearest testdata.yaml / test_group.yaml from it up to data/ that sets them."""
    parts = folder.split("/")
    for depth in range(len(parts), 0, -1):
        here = "/".join(parts[:depth])
        config = source.group_config(here)
        for key in FLAG_KEYS:
            if key not in config:
                continue
            value = config[key]
            if isinstance(value, dict):
                source.warn(f"{source.config_path(here)}: {key} per validator not converted (Assay passes one "
                            f"set of flags to every input validator)")
                return []
            return tokens(value)
    return []
