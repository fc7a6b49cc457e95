from sandbox.languages.base import Language

LANGUAGE = Language(
    name="rust",
    display_name="Rust (rustc, 2021 edition)",
    source_name="main.rs",
    extensions=(".rs",),
    # Other files are modules: `mod util;` in main.rs compiles util.rs. No cargo, no crates.
    compile=("rustc", "--edition=2021", "-C", "opt-level=2", "-C", "debuginfo=0", "-o", "main", "main.rs"),
    run=("./main",),
    version=("rustc", "--version"),
    short_name="Rust",
    lexer="rust",
    main_pattern=r"\bfn\s+main\s*\(",
)
