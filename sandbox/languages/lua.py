from sandbox.languages.base import Language

LANGUAGE = Language(
    name="lua",
    display_name="Lua 5.4",
    short_name="Lua",
    source_name="main.lua",
    extensions=(".lua",),
    interpreted=True,
    # A syntax check (luac -p writes nothing), so a syntax error is a compile error.
    compile=("/bin/sh", "-c", "luac5.4 -p *.lua"),
    run=("lua5.4", "main.lua"),
    version=("lua5.4", "-v"),
    lexer="lua",
    optional_semicolons=True,
    on_demand=True,
)
