from sandbox.languages.base import Language, shell

LANGUAGE = Language(
    name="cpp",
    display_name="C++ (g++, C++17)",
    short_name="C++",
    source_name="main.cpp",
    extensions=(".cpp", ".cc", ".cxx"),
    header_extensions=(".h", ".hpp", ".hh", ".hxx", ".inc"),
    aliases=("c++",),
    compile=shell("g++ -std=gnu++17 -O2 -pipe -Wall -o main *.cpp -lm"),
    run=("./main",),
    version=("g++", "--version"),
    lexer="cpp",
    main_pattern=r"\bint\s+main\s*\(",
)
