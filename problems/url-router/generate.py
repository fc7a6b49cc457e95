#!/usr/bin/env python3
"""Regenerates tests/ (deterministic, seeded) and every .ans by running the accepted Python solution.
Run from anywhere: python3 problems/url-router/generate.py"""

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "trie.py"
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
WORDS = [
    "users",
    "orders",
    "items",
    "v1",
    "v2",
    "api",
    "me",
    "search",
    "admin",
    "reports",
    "files",
    "teams",
    "members",
    "invoices",
    "health",
    "static",
    "assets",
    "export",
    "settings",
    "tokens",
]
PARAMS = ["id", "user", "order", "item", "team", "name", "slug", "page", "member", "key"]


def case(routes: list[tuple[str, str, str]], requests: list[tuple[str, str]]) -> str:
    lines = [str(len(routes))] + [" ".join(r) for r in routes] + [str(len(requests))] + [" ".join(q) for q in requests]
    return "\n".join(lines) + "\n"


SAMPLE = case(
    [
        ("GET", "/users", "list_users"),
        ("GET", "/users/:id", "get_user"),
        ("GET", "/users/me", "current_user"),
        ("DELETE", "/users/:id", "delete_user"),
        ("GET", "/files/*path", "download"),
    ],
    [
        ("GET", "/users/42"),
        ("GET", "/users/me"),
        ("DELETE", "/users/me"),
        ("POST", "/users/42"),
        ("GET", "/files/reports/2024/q1.pdf"),
        ("GET", "/teams"),
        ("GET", "/users/?page=2"),
        ("GET", "/users/ada%20lovelace"),
    ],
)

HANDWRITTEN = [
    # backtracking: the static branch is a dead end, the parameter branch matches
    case(
        [("GET", "/a/b/c", "abc"), ("GET", "/a/:x/d", "axd"), ("GET", "/a/:x/:y", "axy"), ("GET", "/a/*rest", "arest")],
        [
            ("GET", "/a/b/c"),
            ("GET", "/a/b/d"),
            ("GET", "/a/b/e"),
            ("GET", "/a/z/d"),
            ("GET", "/a/b/c/d"),
            ("GET", "/a/b"),
            ("GET", "/a"),
            ("POST", "/a/b/c"),
            ("GET", "/b"),
        ],
    ),
    # the most specific route OF THE REQUEST'S METHOD; 405 lists every method of every matching route
    case(
        [
            ("GET", "/orders/latest", "latest"),
            ("POST", "/orders/:id", "update_order"),
            ("PUT", "/orders/*any", "put_any"),
            ("GET", "/", "home"),
            ("HEAD", "/", "home_head"),
            ("DELETE", "/orders/:id/items/:item", "remove_item"),
        ],
        [
            ("POST", "/orders/latest"),
            ("PUT", "/orders/latest"),
            ("DELETE", "/orders/latest"),
            ("GET", "/"),
            ("GET", "//"),
            ("PATCH", "/"),
            ("DELETE", "/orders/7/items/x%2Fy"),
            ("GET", "/orders/7/items/3"),
            ("GET", "/orders"),
            ("PUT", "/orders/1/2/3?x=/y"),
            ("OPTIONS", "/nothing"),
        ],
    ),
    # empty segments, trailing slashes, query strings, percent-decoding in values
    case(
        [
            ("GET", "/search/:q", "search"),
            ("GET", "/static/*file", "static"),
            ("GET", "/api/v1/users/:user/teams/:team", "membership"),
        ],
        [
            ("GET", "/search/%7euser%2fhome"),
            ("GET", "/search/a%20b%2Bc"),
            ("GET", "//search//hello//"),
            ("GET", "/search/?q=x"),
            ("GET", "/static/css/site.css?v=3"),
            ("GET", "/static"),
            ("GET", "/static/a%2Fb/c"),
            ("GET", "/api/v1/users/%41da/teams/core"),
            ("GET", "/api/v1/users/ada/teams"),
            ("POST", "/search/x"),
        ],
    ),
]


def random_case(rng: random.Random, n_routes: int, n_requests: int) -> str:
    routes: list[tuple[str, str, str]] = []
    shapes: set[tuple[str, str]] = set()
    while len(routes) < n_routes:
        parts: list[str] = []
        for index in range(rng.randint(0, 5)):
            roll = rng.random()
            if roll < 0.6:
                parts.append(rng.choice(WORDS))
            elif roll < 0.9 or index == 0:
                parts.append(":" + PARAMS[index])
            else:
                parts.append("*" + "rest")
                break
        method = rng.choice(METHODS)
        shape = (method, "/".join(":" if p.startswith(":") else p for p in parts))
        if shape in shapes:
            continue
        shapes.add(shape)
        routes.append((method, "/" + "/".join(parts), f"r{len(routes)}"))
    requests: list[tuple[str, str]] = []
    for _ in range(n_requests):
        segs = []
        for _ in range(rng.randint(0, 7)):
            segs.append(rng.choice(WORDS) if rng.random() < 0.7 else str(rng.randint(1, 99999)))
        path = "/" + "/".join(segs)
        if rng.random() < 0.1:
            path += "/"
        if rng.random() < 0.1:
            path += "?page=" + str(rng.randint(1, 9))
        requests.append((rng.choice(METHODS), path))
    return case(routes, requests)


def main() -> None:
    rng = random.Random(20261207)
    tests = [*HANDWRITTEN, random_case(rng, 40, 300), random_case(rng, 400, 5000), random_case(rng, 1500, 20000)]
    sample = HERE / "tests" / "sample"
    secret = HERE / "tests" / "secret" / "main"
    for folder in (sample, secret):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*"):
            old.unlink()
    files = [(sample / "01", SAMPLE)] + [(secret / f"{i:02d}", text) for i, text in enumerate(tests, 1)]
    for stem, text in files:
        stem.with_suffix(".in").write_text(text)
        answer = subprocess.run([sys.executable, str(SOLUTION)], input=text, capture_output=True, text=True, check=True)
        stem.with_suffix(".ans").write_text(answer.stdout)
        print(f"{stem.relative_to(HERE)}: {len(text)} bytes in, {len(answer.stdout)} bytes out")


if __name__ == "__main__":
    main()
