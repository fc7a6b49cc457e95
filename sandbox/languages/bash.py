from sandbox.languages.base import Language

LANGUAGE = Language(
    name="bash",
    display_name="Bash",
    short_name="Bash",
    source_name="main.sh",
    extensions=(".sh", ".bash"),
    aliases=("sh", "shell"),
    interpreted=True,
    # `bash -n` parses without running, so a syntax error is a compile error.
    compile=("bash", "-n", "main.sh"),
    run=("bash", "main.sh"),
    version=("bash", "--version"),
    lexer="bash",
    optional_semicolons=True,
    on_demand=True,
)
