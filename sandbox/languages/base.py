"""What a language declares: its files, names, compile and run commands, version command, image recipe.

This is the one place the facts about a language live; graders, the Kattis importer, the similarity
screen and the CLI read them from here (``sandbox.languages.detect``, ``lookup``, ...).
"""

from __future__ import annotations

import re
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
    # Source files of this language, lower case, e.g. (".cpp", ".cc"): a set of files is this language
    # when its sources all have one of these (``sandbox.languages.detect``).
    extensions: tuple[str, ...] = field(default=())
    # Files compiled along with a program but never a program themselves (C/C++ headers, testlib.h).
    header_extensions: tuple[str, ...] = field(default=())
    # Other names the language goes by: Kattis language codes, loose spellings ("python", "c++").
    aliases: tuple[str, ...] = field(default=())
    # Sources run as they are: the same-language files beside a program are its modules.
    interpreted: bool = False
    # Short name for prose (e-mails, lists): "C++" where display_name says "C++ (g++, C++17)".
    short_name: str = ""
    # The Pygments lexer (similarity screen, highlighted code on reports); "" means ``name``.
    lexer: str = ""
    # A ";" may be left out (formatters add or drop it): the similarity screen ignores it.
    optional_semicolons: bool = False
    # A regular expression that finds the program's entry point in a source file ("" when a file has
    # none to find): tells the main file of a multi-file program (Kattis validators).
    main_pattern: str = ""
    # Memory the runtime itself needs on top of the candidate's limit before the cgroup kills it.
    memory_overhead_mib: int = 0
    # A program for any problem (reads its input, prints its output). False: a language only a problem
    # that names it accepts (sqlite: a query on the database the input builds), never a default.
    general_purpose: bool = True
    # The compile's CPU-time limit when the setting (ASSAY_SANDBOX_COMPILE_TIME_LIMIT_S) is less: what
    # a slow compiler (kotlinc, scalac, GHC) needs on a loaded machine.
    compile_time_limit_s: float = 0.0
    # Its sandbox image is built the first time something needs it, not by `make images` (which builds
    # the common languages only) nor by `assay images build` without --language.
    on_demand: bool = False

    @property
    def image_recipe(self) -> str:
        """Folder name under sandbox/images/ holding this language's Dockerfile."""
        return self.name

    @property
    def lexer_name(self) -> str:
        return self.lexer or self.name

    @property
    def title(self) -> str:
        return self.short_name or self.display_name

    def run_argv(self, memory_mib: int) -> list[str]:
        return [part.replace("{memory_mib}", str(memory_mib)) for part in self.run]

    def has_main(self, text: str) -> bool:
        """Whether a source text of this language defines the program's entry point."""
        return bool(self.main_pattern) and re.search(self.main_pattern, text) is not None


def shell(command: str) -> tuple[str, ...]:
    """A compile command that needs the shell (globs over the candidate's files)."""
    return ("/bin/sh", "-c", command)
