from sandbox.languages.base import Language, shell

LANGUAGE = Language(
    name="ocaml",
    display_name="OCaml (ocamlopt)",
    short_name="OCaml",
    source_name="main.ml",
    extensions=(".ml",),
    # Kattis: `ocamlopt -o {binary} unix.cmxa str.cmxa bigarray.cmxa {files}`.
    compile=shell("ocamlopt -o main unix.cmxa str.cmxa bigarray.cmxa *.ml"),
    run=("./main",),
    version=("ocamlopt", "-version"),
    lexer="ocaml",
    on_demand=True,
)
