"""Demo for `make run`: greets whoever stdin names."""

import sys

name = sys.stdin.read().strip() or "world"
print(f"Hello, {name}!")
