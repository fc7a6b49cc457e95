from sandbox.languages.base import Language, shell

LANGUAGE = Language(
    name="haskell",
    display_name="Haskell (GHC)",
    short_name="Haskell",
    source_name="main.hs",
    extensions=(".hs",),
    aliases=("ghc",),
    # Kattis: `ghc -O2 -ferror-spans -threaded -rtsopts -o {binary} {files}`, run
    # `{binary} +RTS -M{memlim}m -K8m -RTS`. Intermediate files go to a folder removed afterwards.
    compile=shell("ghc -O2 -ferror-spans -threaded -rtsopts -v0 -outputdir .ghc -o main *.hs; s=$?;"
                  " rm -rf .ghc; exit $s"),
    run=("./main", "+RTS", "-M{memory_mib}m", "-K8m", "-RTS"),
    version=("ghc", "--version"),
    lexer="haskell",
    optional_semicolons=True,
    main_pattern=r"(?m)^main\s*(::|=)",
    memory_overhead_mib=32,
    compile_time_limit_s=90,
    on_demand=True,
)
