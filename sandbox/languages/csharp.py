from sandbox.languages.base import Language, shell

LANGUAGE = Language(
    name="csharp",
    display_name="C# (Mono)",
    short_name="C#",
    source_name="Main.cs",
    extensions=(".cs",),
    aliases=("c#", "cs", "mono"),
    # Kattis: `mcs -out:{binary}.exe -optimize+ -r:System.Numerics {files}`, run `mono {binary}.exe`.
    compile=shell("mcs -out:main.exe -optimize+ -r:System.Numerics *.cs"),
    run=("mono", "main.exe"),
    version=("mono", "--version"),
    lexer="csharp",
    main_pattern=r"\bstatic\b[^;{]*\bMain\s*\(",
    memory_overhead_mib=64,
    on_demand=True,
)
