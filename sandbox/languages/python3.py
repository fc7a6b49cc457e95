from sandbox.languages.base import Language

LANGUAGE = Language(
    name="python3",
    display_name="Python 3",
    short_name="Python 3",
    source_name="main.py",
    extensions=(".py",),
    aliases=("python",),
    interpreted=True,
    # A syntax check so that a syntax error is a compile error, as candidates expect.
    compile=("python3", "-I", "-m", "compileall", "-q", "-l", "."),  # -I: a submitted compileall.py never runs
    run=("python3", "main.py"),
    version=("python3", "--version"),
    lexer="python3",
    optional_semicolons=True,
    main_pattern=r"__name__\s*==\s*['\"]__main__['\"]",
)
