from sandbox.languages.base import Language, shell

LANGUAGE = Language(
    name="c",
    display_name="C (gcc, C17)",
    short_name="C",
    source_name="main.c",
    extensions=(".c",),
    header_extensions=(".h", ".inc"),
    compile=shell("gcc -std=gnu17 -O2 -pipe -Wall -o main *.c -lm"),
    run=("./main",),
    version=("gcc", "--version"),
    lexer="c",
    main_pattern=r"\bint\s+main\s*\(",
)
