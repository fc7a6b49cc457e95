from sandbox.languages.base import Language, shell

# Kattis: `scalac -encoding UTF-8 -d {path} {files}`, run `scala -J-Xmx{memlim}m -classpath {path} {mainclass}`.
# Debian's scala/scalac scripts find their home by following symbolic links with `cd -P`, which
# gVisor's statx refuses (they spin there): the JVM is started here directly, with the same flags.
_LIB = "/usr/share/scala-2.11/lib"
_COMPILER = (f"java -Xmx512m -Xss8m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
             f" -cp {_LIB}/scala-compiler.jar:{_LIB}/scala-library.jar:{_LIB}/scala-reflect.jar:{_LIB}/scala-xml.jar"
             " -Dscala.usejavacp=true scala.tools.nsc.Main -usejavacp")
# Every source file (a pattern that matches nothing stays itself in the shell, and `ls` needs statx).
_SOURCES = "files=; for f in *.scala *.sc; do case \"$f\" in '*.scala'|'*.sc') ;; *) files=\"$files $f\";; esac; done"
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
    compile=shell(f"{_SOURCES}; {_COMPILER} -encoding UTF-8 -nowarn -d . $files && {_FIND_MAIN} && {_CHECK}"),
    run=shell("exec java -Dfile.encoding=UTF-8 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss64m"
              f" -Xmx{{memory_mib}}m -cp .:{_LIB}/scala-library.jar \"$(cat .mainclass)\""),
    version=shell(f"{_COMPILER} -version 2>&1"),
    lexer="scala",
    optional_semicolons=True,
    main_pattern=r"\bdef\s+main\s*\(|\bextends\s+App\b",
    memory_overhead_mib=96,
    compile_time_limit_s=120,
    on_demand=True,
)
