from sandbox.languages.base import Language, shell

# The object that holds `def main` (or `extends App`) is the class to run.
_FIND_MAIN = (
    "f=$(grep -l -E 'def[[:space:]]+main[[:space:]]*\\(|extends[[:space:]]+App' *.scala | head -n 1);"
    " sed -n -E 's/^[[:space:]]*object[[:space:]]+([A-Za-z_][A-Za-z0-9_]*).*/\\1/p' \"${f:-Main.scala}\""
    " | head -n 1 > .mainclass"
)

_CHECK = ("test -s .mainclass && test -f \"$(cat .mainclass).class\""
          " || { echo 'scalac made no main class' >&2; exit 1; }")

LANGUAGE = Language(
    name="scala",
    display_name="Scala 2",
    short_name="Scala",
    source_name="Main.scala",
    extensions=(".scala", ".sc"),
    # Kattis: `scalac -encoding UTF-8 -d {path} {files}`, run `scala -J-Xmx{memlim}m -classpath {path} {mainclass}`.
    # Debian's scalac script exits 0 on an error: the main class must exist.
    compile=shell(f"scalac -J-XX:+UseSerialGC -encoding UTF-8 -nowarn -d . $(ls *.scala *.sc 2>/dev/null);"
                  f" {_FIND_MAIN}; {_CHECK}"),
    run=shell("exec scala -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -J-Xss64m -J-Xmx{memory_mib}m"
              " -classpath . \"$(cat .mainclass)\""),
    version=("scala", "-version"),
    lexer="scala",
    optional_semicolons=True,
    main_pattern=r"\bdef\s+main\s*\(|\bextends\s+App\b",
    memory_overhead_mib=96,
    compile_time_limit_s=120,
    on_demand=True,
)
