from sandbox.languages.base import Language, shell

_FLAGS = "-n -d display_errors=stderr -d html_errors=0"

LANGUAGE = Language(
    name="php",
    display_name="PHP",
    short_name="PHP",
    source_name="main.php",
    extensions=(".php",),
    interpreted=True,
    # Kattis: `php -n -d display_errors=stderr -d html_errors=0 -l {files}`.
    compile=shell(f"for f in *.php; do php {_FLAGS} -l \"$f\" >/dev/null || exit 1; done"),
    run=("php", *_FLAGS.split(), "-d", "memory_limit={memory_mib}M", "-f", "main.php"),
    version=("php", "--version"),
    lexer="php",
    on_demand=True,
)
