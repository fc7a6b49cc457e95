"""What a language declares: file name, compile and run commands, version command, image recipe."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Language:
    """One supported language. Adding a language is one module like this plus one Dockerfile.

    Commands are argv lists run inside the sandbox, in the work directory. ``{memory_mib}`` in a
    run argument is replaced by the memory limit (JVM and V8 heap flags need it).
    """

    name: str
    display_name: str
    source_name: str
    run: tuple[str, ...]
    version: tuple[str, ...]
    compile: tuple[str, ...] | None = None
    extensions: tuple[str, ...] = field(default=())
    # Memory the runtime itself needs on top of the candidate's limit before the cgroup kills it.
    memory_overhead_mib: int = 0

    @property
    def image_recipe(self) -> str:
        """Folder name under sandbox/images/ holding this language's Dockerfile."""
        return self.name

    def run_argv(self, memory_mib: int) -> list[str]:
        return [part.replace("{memory_mib}", str(memory_mib)) for part in self.run]


def shell(command: str) -> tuple[str, ...]:
    """A compile command that needs the shell (globs over the candidate's files)."""
    return ("/bin/sh", "-c", command)
