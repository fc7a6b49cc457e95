from sandbox.languages.base import Language, shell

# Kattis: `kotlinc -d {path}/ -- {files}`, run `kotlin -J-XX:+UseSerialGC -J-Xss64m -J-Xmx{memlim}m ...`.
# Debian's kotlinc/kotlin scripts find their home by following symbolic links with `cd -P`, which
# gVisor's statx refuses: the JVM is started here directly, with the same flags.
_HOME = "/usr/share/kotlin/kotlinc"
_COMPILER = (f"java -Xmx512m -Xss8m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp {_HOME}/lib/kotlin-preloader.jar"
             f" org.jetbrains.kotlin.preloading.Preloader -cp {_HOME}/lib/kotlin-compiler.jar"
             f" org.jetbrains.kotlin.cli.jvm.K2JVMCompiler -kotlin-home {_HOME} -nowarn -d .")
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
    compile=shell(f"{_COMPILER} *.kt && {_FIND_MAIN} && {_CHECK}"),
    run=shell("exec java -Dfile.encoding=UTF-8 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss64m"
              f" -Xmx{{memory_mib}}m -cp .:{_HOME}/lib/kotlin-stdlib.jar \"$(cat .mainclass)\""),
    version=shell(f"{_COMPILER} -version 2>&1 | grep -i kotlin"),
    lexer="kotlin",
    optional_semicolons=True,
    main_pattern=r"\bfun\s+main\s*\(",
    memory_overhead_mib=96,
    compile_time_limit_s=120,
    on_demand=True,
)
