from sandbox.languages.base import Language, shell

LANGUAGE = Language(
    name="c",
    display_name="C (gcc, C17)",
    source_name="main.c",
    extensions=(".c", ".h"),
    compile=shell("gcc -std=gnu17 -O2 -pipe -Wall -o main *.c -lm"),
    run=("./main",),
    version=("gcc", "--version"),
)
