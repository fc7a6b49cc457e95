from sandbox.languages.base import Language

LANGUAGE = Language(
    name="lisp",
    display_name="Common Lisp (SBCL)",
    short_name="Common Lisp",
    source_name="main.lisp",
    extensions=(".lisp", ".cl"),
    aliases=("commonlisp", "common lisp", "sbcl"),
    # Kattis: compile-file the main file (a failure exits 43), then load it. The compiled file is loaded,
    # and the heap is the memory limit, so running out of it is an error of the program, not a kill.
    compile=("sbcl", "--noinform", "--noprint", "--non-interactive", "--eval",
             '(if (equal (compile-file "main.lisp") NIL) (sb-ext:exit :code 43) ())'),
    run=("sbcl", "--dynamic-space-size", "{memory_mib}", "--noinform", "--non-interactive",
         "--load", "main.fasl"),
    version=("sbcl", "--version"),
    lexer="common-lisp",
    memory_overhead_mib=32,
    on_demand=True,
)
