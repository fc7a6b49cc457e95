from sandbox.languages.base import Language, shell

# The class that holds `fun main` is named after its file: main.kt -> MainKt.
_FIND_MAIN = (
    "f=$(grep -l -E '^[[:space:]]*fun[[:space:]]+main[[:space:]]*\\(' *.kt | head -n 1);"
    " n=$(basename \"${f:-main.kt}\" .kt);"
    " printf '%s%sKt\\n' \"$(printf %s \"$n\" | cut -c1 | tr a-z A-Z)\" \"$(printf %s \"$n\" | cut -c2-)\" > .mainclass"
)

_CHECK = "test -f \"$(cat .mainclass).class\" || { echo 'kotlinc made no main class' >&2; exit 1; }"

LANGUAGE = Language(
    name="kotlin",
    display_name="Kotlin (JVM)",
    short_name="Kotlin",
    source_name="main.kt",
    extensions=(".kt",),
    # Kattis: `kotlinc -d {path}/ -- {files}`; run with the serial GC, a 64 MB stack and the heap at the limit.
    # Debian's kotlinc exits 0 on an error: the main class must exist.
    compile=shell(f"kotlinc -J-XX:+UseSerialGC -nowarn -d . -- *.kt; {_FIND_MAIN}; {_CHECK}"),
    run=shell("exec kotlin -Dfile.encoding=UTF-8 -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -J-Xss64m"
              " -J-Xmx{memory_mib}m -cp . \"$(cat .mainclass)\""),
    version=("kotlinc", "-version"),
    lexer="kotlin",
    optional_semicolons=True,
    main_pattern=r"\bfun\s+main\s*\(",
    memory_overhead_mib=96,
    compile_time_limit_s=120,
    on_demand=True,
)
