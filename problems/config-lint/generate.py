#!/usr/bin/env python3
"""Regenerates tests/secret/ (deterministic, seeded) and every .ans (samples included) by running the
accepted Python solution. Run from anywhere: python3 problems/config-lint/generate.py"""

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "stack.py"
KEYS = ["port", "hosts", "timeout", "retry", "labels", "env", "match", "command", "limits", "tags", "path"]
STRINGS = ["billing", "a.example.com", "exp(2)", "[draft]", "{{ .Values.name }}", "C:\\\\temp\\\\", "50%",
           "say \\\"hi\\\"", "quote \\\" (", "# not a comment", "a)b", "", "/api/(v1|v2)/", "x\\\\", "semi;colon"]
COMMENTS = ["# TODO: tune", "# see RFC (7231)", "# [deprecated]", "# ) stray in a comment", '# "quoted"', "#"]


class Doc:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[str] = []

    def value(self, depth: int) -> str:
        rng = self.rng
        kind = rng.random()
        if depth > 3 or kind < 0.35:
            return rng.choice([str(rng.randint(0, 65535)), "true", '"' + rng.choice(STRINGS) + '"'])
        if kind < 0.6:
            return "[" + ", ".join(self.value(depth + 1) for _ in range(rng.randint(0, 4))) + "]"
        if kind < 0.8:
            return "f(" + ", ".join(self.value(depth + 1) for _ in range(rng.randint(0, 3))) + ")"
        pairs = (f"{rng.choice(KEYS)} = {self.value(depth + 1)}" for _ in range(rng.randint(1, 3)))
        return "{ " + ", ".join(pairs) + " }"

    def block(self, indent: int, depth: int) -> None:
        rng = self.rng
        pad = "  " * indent
        for _ in range(rng.randint(1, 6)):
            roll = rng.random()
            comment = ("  " + rng.choice(COMMENTS)) if rng.random() < 0.2 else ""
            if roll < 0.2 and depth < 6:
                self.lines.append(f'{pad}{rng.choice(KEYS)} "{rng.choice(STRINGS)}" {{{comment}')
                self.block(indent + 1, depth + 1)
                self.lines.append(pad + "}")
            elif roll < 0.3:
                self.lines.append(pad + rng.choice(COMMENTS))
            elif roll < 0.35:
                self.lines.append("")
            else:
                self.lines.append(f"{pad}{rng.choice(KEYS)} = {self.value(0)}{comment}")

    def text(self, blocks: int) -> str:
        for _ in range(blocks):
            self.lines.append(f'service "{self.rng.choice(STRINGS)}" {{')
            self.block(1, 1)
            self.lines.append("}")
        return "\n".join(self.lines) + "\n"


def structural(text: str) -> list[int]:
    """Offsets of brackets and quotes outside comments and strings (where a mutation makes an error)."""
    found, in_string, escaped, comment = [], False, False, False
    for i, ch in enumerate(text):
        if ch == "\n":
            in_string = comment = escaped = False
        elif comment:
            continue
        elif in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
            found.append(i)
        elif ch == "#":
            comment = True
        elif ch in "()[]{}":
            found.append(i)
    return found


def mutate(rng: random.Random, text: str, kind: str) -> str:
    spots = structural(text)
    i = rng.choice([s for s in spots if (text[s] == '"') == (kind == "quote")] or spots)
    ch = text[i]
    if kind == "delete":
        return text[:i] + text[i + 1 :]
    if kind == "swap":
        other = {"(": "[", "[": "{", "{": "(", ")": "]", "]": "}", "}": ")"}.get(ch, ch)
        return text[:i] + other + text[i + 1 :]
    if kind == "quote":
        return text[:i] + text[i + 1 :]  # drop a quote: a string now runs to the end of its line
    if kind == "extra":
        return text[:i] + rng.choice(")]}") + text[i:]
    raise ValueError(kind)


def tests() -> list[str]:
    rng = random.Random(4242)
    out = []
    out.append("")  # an empty file is fine
    out.append('name = "x"   # no brackets at all\n')
    out.append("}\n")
    out.append("key = [1, 2, (3, 4]]\n")
    out.append('a = "unterminated\nb = "fine"\n')
    out.append('escaped = "a \\" ( quote"\nslash = "C:\\\\" ]\n')  # the second line: "C:\\" then ]
    out.append('comment = 1 # { not counted\nkeep = { "#" : "{" \n')  # the brace on line 2 stays open
    out.append("x = (\n  [\n    {\n    }\n  ]\n")  # unclosed '(' at line 1 col 5
    out.append("deep = " + "[" * 100_000 + "]" * 100_000 + "\n")  # deep nesting: fine
    out.append("deep = " + "{(" * 40_000 + ")}" * 39_999 + ")\n")
    for blocks, mutation in [(3, None), (10, "delete"), (10, "swap"), (20, "quote"), (20, "extra"),
                             (60, None), (60, "delete"), (150, "swap"), (150, None), (150, "delete")]:
        text = Doc(rng).text(blocks)
        if mutation:
            text = mutate(rng, text, mutation)
        out.append(text)
    return out


def main() -> None:
    secret = HERE / "tests" / "secret" / "main"
    secret.mkdir(parents=True, exist_ok=True)
    for old in secret.glob("*"):
        old.unlink()
    cases = tests()
    for number, text in enumerate(cases, 1):
        (secret / f"{number:02d}.in").write_bytes(text.encode("ascii"))
    for inp in sorted((HERE / "tests").rglob("*.in")):
        with inp.open("rb") as stdin:
            answer = subprocess.run([sys.executable, str(SOLUTION)], stdin=stdin, capture_output=True, check=True)
        inp.with_suffix(".ans").write_bytes(answer.stdout)
    print(f"wrote {len(cases)} secret tests")


if __name__ == "__main__":
    main()
