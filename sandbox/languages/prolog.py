from sandbox.languages.base import Language, shell

LANGUAGE = Language(
    name="prolog",
    display_name="Prolog (SWI-Prolog)",
    short_name="Prolog",
    source_name="main.pl",
    extensions=(".pl", ".pro"),
    aliases=("swi-prolog", "swipl"),
    # Kattis: `swipl -O -q -g main -t halt -o {binary} -c {files}`: a saved state that runs main/0.
    compile=shell("swipl -O -q -g main -t halt -o main -c *.pl"),
    run=("./main",),
    version=("swipl", "--version"),
    lexer="prolog",
    main_pattern=r"(?m)^main\s*(:-|\.)",
    on_demand=True,
)
