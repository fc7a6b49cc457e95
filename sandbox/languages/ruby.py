from sandbox.languages.base import Language, shell

LANGUAGE = Language(
    name="ruby",
    display_name="Ruby",
    short_name="Ruby",
    source_name="main.rb",
    extensions=(".rb",),
    interpreted=True,
    # Kattis: `ruby -c {mainfile}`; every file is checked, so a syntax error anywhere is a compile error.
    compile=shell("for f in *.rb; do ruby -c \"$f\" >/dev/null || exit 1; done"),
    run=("ruby", "main.rb"),
    version=("ruby", "--version"),
    lexer="ruby",
    optional_semicolons=True,
    on_demand=True,
)
