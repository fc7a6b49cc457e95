from sandbox.languages.base import Language, shell

LANGUAGE = Language(
    name="cpp",
    display_name="C++ (g++, C++17)",
    source_name="main.cpp",
    extensions=(".cpp", ".cc", ".h", ".hpp"),
    compile=shell("g++ -std=gnu++17 -O2 -pipe -Wall -o main *.cpp -lm"),
    run=("./main",),
    version=("g++", "--version"),
)
