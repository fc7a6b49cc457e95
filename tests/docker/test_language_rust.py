"""One language table (sandbox/languages/<x>.py) read by everything; Rust added as one module plus one
Dockerfile; the sandbox's public API is `sandbox` itself, and api/ and graders/ import nothing deeper."""

from __future__ import annotations

from support.packages import make_package

from graders.base import Submission
from graders.judge import grade_submission
from graders.results import Verdict

RUST_ADD = ("use std::io::Read;\nmod parse;\nfn main() { let mut s = String::new();"
            " std::io::stdin().read_to_string(&mut s).unwrap(); let v = parse::numbers(&s);"
            " println!(\"{}\", v[0] + v[1]); }\n")
RUST_PARSE = ("pub fn numbers(s: &str) -> Vec<i64> {"
              " s.split_whitespace().map(|x| x.parse().unwrap()).collect() }\n")


# ------------------------------------------------------------------------------ the table


def test_rust_submission_graded(sandbox):
    package = make_package()
    accepted = grade_submission(package, Submission("rust", {"main.rs": RUST_ADD.encode(),
                                                             "parse.rs": RUST_PARSE.encode()}), sandbox)
    assert accepted.verdict == Verdict.AC and accepted.points == 100, accepted
    broken = grade_submission(package, Submission("rust", {"main.rs": b"fn main() { let x: i32 = \"s\"; }\n"}),
                              sandbox)
    assert broken.verdict == Verdict.CE and "mismatched types" in broken.compile_message
    panic = grade_submission(package, Submission("rust", {"main.rs": b"fn main() { panic!(\"no\"); }\n"}), sandbox)
    assert panic.verdict == Verdict.RE
