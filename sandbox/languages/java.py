from sandbox.languages.base import Language, shell

LANGUAGE = Language(
    name="java",
    display_name="Java (OpenJDK 17)",
    short_name="Java",
    source_name="Main.java",
    extensions=(".java",),
    compile=shell("javac -J-XX:+UseSerialGC -J-Xss64m -encoding UTF-8 -d . *.java"),
    run=("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss64m", "-Xmx{memory_mib}m",
         "-Xshare:auto", "-cp", ".", "Main"),
    version=("java", "-version"),
    lexer="java",
    main_pattern=r"static void main",
    memory_overhead_mib=64,
)
