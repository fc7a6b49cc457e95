from sandbox.languages.base import Language

LANGUAGE = Language(
    name="perl",
    display_name="Perl 5",
    short_name="Perl",
    # .pl is Prolog's (Kattis and problemtools name Prolog files so); Perl keeps Kattis' other one, .pm.
    source_name="main.pm",
    extensions=(".pm",),
    interpreted=True,
    # Kattis: `perl -c {mainfile}`, run `perl {mainfile}`.
    compile=("perl", "-c", "main.pm"),
    run=("perl", "main.pm"),
    version=("perl", "-e", "print qq($^V\\n)"),
    lexer="perl",
    on_demand=True,
)
