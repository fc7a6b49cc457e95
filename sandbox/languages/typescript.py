from sandbox.languages.base import Language, shell

LANGUAGE = Language(
    name="typescript",
    display_name="TypeScript (tsc, Node.js)",
    short_name="TypeScript",
    source_name="main.ts",
    extensions=(".ts",),
    aliases=("ts",),
    # tsc type-checks and emits CommonJS beside the sources; Node's own modules (fs, process) are declared
    # loosely, since Debian ships no @types/node.
    compile=shell("printf 'declare var require: any;\\ndeclare var process: any;\\ndeclare var module: any;\\n'"
                  " > /tmp/.node-globals.d.ts && tsc --target es2020 --module commonjs --pretty false"
                  " --skipLibCheck --outDir . /tmp/.node-globals.d.ts *.ts"),
    run=("node", "--max-old-space-size={memory_mib}", "--stack-size=65500", "main.js"),
    version=("tsc", "--version"),
    lexer="typescript",
    optional_semicolons=True,
    memory_overhead_mib=32,
    compile_time_limit_s=60,
    on_demand=True,
)
