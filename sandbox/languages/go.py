from sandbox.languages.base import Language, shell

LANGUAGE = Language(
    name="go",
    display_name="Go",
    short_name="Go",
    source_name="main.go",
    extensions=(".go",),
    compile=shell(
        "GOCACHE=/tmp/.gocache GOPATH=/tmp/.gopath GO111MODULE=off GOFLAGS=-buildvcs=false"
        " go build -o main ."
    ),
    run=("./main",),
    version=("go", "version"),
    lexer="go",
    optional_semicolons=True,
    main_pattern=r"\bfunc\s+main\s*\(",
)
