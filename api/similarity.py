"""Similarity detection between candidates' final submissions (a MOSS-like screen, not a verdict).

How it works:

1. Each submission's files are lexed with Pygments (the lexer of its language) and normalised:
   comments, docstrings, preprocessor lines and whitespace are dropped; every identifier becomes ``N``,
   every string literal ``S``, every number ``0``; keywords, builtins, operators and brackets stay. So
   renaming variables or functions, reformatting, re-commenting or changing constants hides nothing.
   Trailing commas before a closing bracket, and semicolons where a language makes them optional
   (Python, JavaScript, Go), are dropped too (formatters add and remove them).
2. Fingerprints: a hash of every run of ``K`` consecutive normalised tokens (k-grams). Winnowing
   (Schleimer, Wilkerson and Aiken, 2003; window ``W``) selects a subset used to find candidate pairs
   quickly; any copied run of at least ``K + W - 1`` tokens is guaranteed to share a selected
   fingerprint.
3. Starter code: k-grams that occur in the problem's template for the language are not evidence, and
   the tokens they cover count neither as matched nor towards a submission's size.
4. For a candidate pair, matching regions are grown greedily (longest run of equal k-grams from each
   position, like greedy string tiling); a submission's coverage is the share of its own (non-template)
   tokens inside matched regions. The pair's score is the larger coverage of the two, so padding a copy
   with extra code does not hide it; a pair is flagged at or above the threshold
   (``ASSAY_SIMILARITY_THRESHOLD``, default 0.6). Submissions with fewer than ``MIN_TOKENS``
   non-template tokens are not compared: there is too little of the candidate's own code to judge.

Why not copydetect: it would fit the algorithm, but it brings matplotlib, numpy and pillow (about 60 MB
of compiled wheels) into the service for plotting we do not use, and it works on files on disk; the
part we need is the hundred lines below, on the Pygments tokens the report page already uses.

Only final submissions are compared (per invitation and problem: the submission that scored, else the
last one), only with the same problem version and language, and never two of one invitation.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import (
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    _TokenType,
    is_token_subtype,
)

from problemformat.questions import ANSWERS_LANGUAGE
from sandbox import lookup

K = 10  # tokens per k-gram
W = 4  # winnowing window (in k-grams)
MIN_TOKENS = 30  # fewer non-template tokens than this: not compared
DEFAULT_THRESHOLD = 0.6

CLOSERS = {")", "]", "}"}


def lexer_for(language: str, filename: str = "") -> Lexer:
    """The Pygments lexer of a sandbox language (its name or an alias), else the file name's."""
    known = lookup(language)
    if known is None:
        from pygments.lexers import get_lexer_for_filename
        from pygments.util import ClassNotFound

        try:
            return get_lexer_for_filename(filename, stripnl=False, ensurenl=False)
        except ClassNotFound:
            return get_lexer_by_name("text", stripnl=False, ensurenl=False)
    return get_lexer_by_name(known.lexer_name, stripnl=False, ensurenl=False)


def normalise_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Token:
    kind: str  # the normalised token: N, S, 0, a keyword, an operator...
    file: str
    start: int  # character offsets in the file's normalised text
    end: int


def _is(ttype: _TokenType, parent: _TokenType) -> bool:
    return is_token_subtype(ttype, parent)


def tokenize(language: str, files: Mapping[str, str]) -> list[Token]:
    """The normalised tokens of every file, files in name order."""
    tokens: list[Token] = []
    known = lookup(language)
    optional_semicolons = known is not None and known.optional_semicolons
    for name in sorted(files):
        text = normalise_text(files[name])
        lexer = lexer_for(language, name)
        previous_string = False
        for index, ttype, value in lexer.get_tokens_unprocessed(text):
            if not value.strip():
                continue
            if _is(ttype, Comment) or _is(ttype, String.Doc):
                previous_string = False
                continue
            end = index + len(value)
            if _is(ttype, String):
                if previous_string and tokens and tokens[-1].file == name:  # one literal, lexed in parts
                    tokens[-1] = Token("S", name, tokens[-1].start, end)
                else:
                    tokens.append(Token("S", name, index, end))
                previous_string = True
                continue
            previous_string = False
            if _is(ttype, Number):
                kind = "0"
            elif _is(ttype, Name.Builtin):
                kind = value
            elif _is(ttype, Name):
                kind = "N"
            elif _is(ttype, Keyword) or _is(ttype, Operator) or _is(ttype, Punctuation):
                kind = value.strip()
            elif _is(ttype, Text):
                kind = value.strip()
            else:
                kind = value.strip()
            if kind == ";" and optional_semicolons:
                continue
            if kind in CLOSERS and tokens and tokens[-1].kind == "," and tokens[-1].file == name:
                tokens.pop()  # a trailing comma
            # Punctuation lexed as one run, e.g. "):" or "()", is split so formatting cannot merge tokens.
            if len(kind) > 1 and all(ch in "()[]{},;:" for ch in kind):
                for offset, ch in enumerate(kind):
                    tokens.append(Token(ch, name, index + offset, index + offset + 1))
                continue
            tokens.append(Token(kind, name, index, end))
    return tokens


def _hash(kinds: Iterable[str]) -> int:
    return int.from_bytes(hashlib.blake2b("\x1f".join(kinds).encode(), digest_size=8).digest(), "big")


def kgram_hashes(tokens: list[Token], k: int = K) -> list[int]:
    kinds = [t.kind for t in tokens]
    return [_hash(kinds[i: i + k]) for i in range(len(kinds) - k + 1)]


def winnow(hashes: list[int], w: int = W) -> set[int]:
    """The minimum hash of every window of ``w`` consecutive k-grams (rightmost on ties)."""
    if len(hashes) <= w:
        return set(hashes)
    selected: set[int] = set()
    for start in range(len(hashes) - w + 1):
        window = hashes[start: start + w]
        selected.add(min(window))
    return selected


@dataclass
class Fingerprint:
    language: str
    tokens: list[Token]
    hashes: list[int]  # k-gram starting at token i
    template: list[bool]  # per token: covered by a k-gram that occurs in the starter code
    selected: set[int]  # winnowed hashes, template k-grams left out
    own_tokens: int  # tokens not from the starter code
    positions: dict[int, list[int]] = field(default_factory=dict)  # hash -> k-gram starts

    @property
    def comparable(self) -> bool:
        # a quiz's answers are never compared: candidates who answer right answer alike
        return self.language != ANSWERS_LANGUAGE and self.own_tokens >= MIN_TOKENS


def fingerprint(language: str, files: Mapping[str, str], template: Mapping[str, str] | None = None) -> Fingerprint:
    tokens = tokenize(language, files)
    hashes = kgram_hashes(tokens)
    template_hashes = set(kgram_hashes(tokenize(language, template))) if template else set()
    in_template = [False] * len(tokens)
    positions: dict[int, list[int]] = {}
    for i, h in enumerate(hashes):
        if h in template_hashes:
            for j in range(i, i + K):
                in_template[j] = True
        else:
            positions.setdefault(h, []).append(i)
    selected = {h for h in winnow(hashes) if h not in template_hashes}
    own = sum(1 for flag in in_template if not flag)
    return Fingerprint(language, tokens, hashes, in_template, selected, own, positions)


@dataclass(frozen=True)
class Region:
    """A run of equal tokens: tokens [a_start, a_end) of one side match [b_start, b_end) of the other."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


@dataclass
class Comparison:
    score: float  # max(coverage_a, coverage_b)
    coverage_a: float
    coverage_b: float
    regions: list[Region]


def compare(a: Fingerprint, b: Fingerprint, *, max_candidates: int = 8) -> Comparison:
    """Grow matching regions from every k-gram of ``a`` that occurs in ``b`` (template k-grams aside)."""
    regions: list[Region] = []
    i = 0
    n = len(a.hashes)
    while i < n:
        h = a.hashes[i]
        starts = b.positions.get(h) if h in a.positions else None  # a.positions lacks template k-grams
        if not starts:
            i += 1
            continue
        best_j, best_len = -1, 0
        for j in starts[:max_candidates]:
            length = 1
            while (i + length < n and j + length < len(b.hashes)
                   and a.hashes[i + length] == b.hashes[j + length]):
                length += 1
            if length > best_len:
                best_j, best_len = j, length
        regions.append(Region(i, i + best_len - 1 + K, best_j, best_j + best_len - 1 + K))
        i += best_len
    covered_a = [False] * len(a.tokens)
    covered_b = [False] * len(b.tokens)
    for region in regions:
        for t in range(region.a_start, region.a_end):
            covered_a[t] = True
        for t in range(region.b_start, region.b_end):
            covered_b[t] = True
    own_a = sum(1 for t, c in enumerate(covered_a) if c and not a.template[t])
    own_b = sum(1 for t, c in enumerate(covered_b) if c and not b.template[t])
    coverage_a = own_a / a.own_tokens if a.own_tokens else 0.0
    coverage_b = own_b / b.own_tokens if b.own_tokens else 0.0
    return Comparison(round(max(coverage_a, coverage_b), 4), round(coverage_a, 4), round(coverage_b, 4), regions)


def own_runs(fp: Fingerprint, start: int, end: int) -> list[tuple[int, int]]:
    """The maximal runs [s, e) of tokens in [start, end) that are the candidate's own (not starter
    code) and in one file."""
    runs: list[tuple[int, int]] = []
    run_start: int | None = None
    for t in range(start, end + 1):
        inside = t < end and not fp.template[t]
        if run_start is not None and (not inside or fp.tokens[t].file != fp.tokens[run_start].file):
            runs.append((run_start, t))
            run_start = None
        if inside and run_start is None:
            run_start = t
    return runs


def spans(fp: Fingerprint, token_ranges: Iterable[tuple[int, int]]) -> dict[str, list[tuple[int, int]]]:
    """Character spans, per file, of the candidate's own tokens in the given token ranges [start, end)."""
    out: dict[str, list[tuple[int, int]]] = {}
    for start, end in token_ranges:
        for run_start, run_end in own_runs(fp, start, end):
            first = fp.tokens[run_start]
            out.setdefault(first.file, []).append((first.start, fp.tokens[run_end - 1].end))
    for file_spans in out.values():
        file_spans.sort()
    return out


def line_of(text: str, offset: int) -> int:
    return normalise_text(text).count("\n", 0, offset) + 1


# ---------------------------------------------------------------------------- the service side

_CACHE: OrderedDict[str, Fingerprint] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 4096


def cached_fingerprint(language: str, files: Mapping[str, str], template: Mapping[str, str] | None) -> Fingerprint:
    key = hashlib.sha256(json.dumps([language, dict(files), dict(template or {})], sort_keys=True).encode()).hexdigest()
    with _CACHE_LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    made = fingerprint(language, files, template)
    with _CACHE_LOCK:
        _CACHE[key] = made
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return made
