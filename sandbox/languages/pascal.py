from sandbox.languages.base import Language

LANGUAGE = Language(
    name="pascal",
    display_name="Pascal (Free Pascal)",
    short_name="Pascal",
    source_name="main.pas",
    extensions=(".pas", ".pp"),
    aliases=("fpc", "freepascal"),
    # Kattis: `fpc -o"{mainfile}.out" -O2 -XS -Xt "{mainfile}"`; units beside it are found by fpc.
    compile=("fpc", "-v0", "-omain", "-O2", "-XS", "-Xt", "main.pas"),
    run=("./main",),
    version=("fpc", "-iV"),
    lexer="delphi",
    main_pattern=r"(?im)^\s*program\b",
    on_demand=True,
)
