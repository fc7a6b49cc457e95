from sandbox.languages.base import Language

LANGUAGE = Language(
    name="javascript",
    display_name="JavaScript (Node.js)",
    short_name="JavaScript",
    source_name="main.js",
    extensions=(".js", ".mjs"),
    aliases=("nodejs",),
    interpreted=True,
    compile=("node", "--check", "main.js"),
    run=("node", "--max-old-space-size={memory_mib}", "--stack-size=65500", "main.js"),
    version=("node", "--version"),
    lexer="javascript",
    optional_semicolons=True,
    memory_overhead_mib=32,
)
