"""The `problem.yaml` manifest of a problem package, schema 1, as pydantic models.

A package folder:

    problem.yaml            this manifest
    statement.md            Markdown shown to candidates
    templates/<language>/   starter code per language
    tests/sample/NN.in .ans shown to candidates
    tests/secret/<group>/NN.in .ans
    grader/                 checker, interactor or unit-test suite (as the grader kind needs)
    input_validators/       optional: programs that check every test input (Kattis protocol: the
                            input on stdin, flags as arguments, exit 42 valid, 43 invalid); each is
                            one source file (input_validators/validate.py) or a folder of one
                            program's files (input_validators/format/validate.cpp + validator.h)
    submissions/<verdict>/  reference submissions; folder name = expected verdict
    submissions.yaml        optional: expected score per reference submission
    questions.yaml          a question set (grader kind quiz: problemformat/questions.py, docs/quiz.md);
                            it has no tests, templates, languages or scoring (one group per question)

Example:

    schema: 1
    slug: two-sum
    title: Two Sum
    languages: [python3, c, cpp, java, javascript, go]
    limits: {time_limit_s: 1, memory_limit_mib: 256}
    grader: {kind: token, case_sensitive: false}
    scoring:
      groups:
        - {name: small, points: 40}
        - {name: large, points: 60, require_pass: [small]}

Flags for the input validators (Kattis' ``input_validator_flags``), optional:

    input_validation: {args: [n_max=1000], sample_args: [], time_limit_s: 10}
    scoring:
      groups:
        - {name: large, points: 60, input_validator_args: [n_max=100000]}
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)

from problemformat.grader_kinds import UnknownGraderError, config_model

SCHEMA_VERSION = 1
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")
GROUP_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
SQL_LANGUAGE = "sqlite"  # the one language of an sql-graded problem
EXPECTED_VERDICTS = (
    "accepted",
    "wrong_answer",
    "time_limit_exceeded",
    "run_time_error",
    "memory_limit_exceeded",
    "compile_error",
    "partial",
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProblemLimits(Strict):
    time_limit_s: float = Field(2.0, gt=0, le=30, description="CPU seconds per test case")
    memory_limit_mib: int = Field(256, ge=16, le=2048)
    output_limit_kib: int = Field(8192, ge=1, le=65536)


class ExactGrader(Strict):
    """Byte-exact comparison, except that trailing whitespace at the end of output is ignored."""

    kind: Literal["exact"] = "exact"


class TokenGrader(Strict):
    """Kattis default-validator token comparison."""

    kind: Literal["token"] = "token"
    case_sensitive: bool = True
    space_sensitive: bool = False


class FloatGrader(Strict):
    """Token comparison where numeric tokens pass within absolute OR relative tolerance."""

    kind: Literal["float"] = "float"
    abs_tol: float = Field(1e-6, ge=0)
    rel_tol: float = Field(1e-6, ge=0)
    case_sensitive: bool = True
    space_sensitive: bool = False


class CheckerGrader(Strict):
    """A program of the package run with the Kattis output-validator protocol (42 AC, 43 WA)."""

    kind: Literal["checker"] = "checker"
    program: str = Field(description="path in the package, e.g. grader/checker.py or grader/checker.cpp")
    args: list[str] = Field(default_factory=list, description="extra validator flags")
    time_limit_s: float = Field(10.0, gt=0, le=60)


class UnitTestPoints(Strict):
    test: str = Field(description="a test's node id relative to grader/, or a prefix of node ids: "
                                  "test_stack.py::test_push (pytest), PricingTest.java::appliesDiscount (junit5), "
                                  "handler.test.mjs::GET /items > lists (node-test), limiter_test.go::TestAllow "
                                  "(go-test)")
    points: float = Field(1.0, ge=0)
    sample: bool = Field(False, description="a sample test: its failure message is shown to the candidate "
                                            "(as @pytest.mark.sample)")
    group: str | None = Field(None, description="the scoring group of the tests it names "
                                                "(as @pytest.mark.group); default: the first group")


class UnitTestGrader(Strict):
    """The package's own unit-test suite (in grader/) run against the candidate's files."""

    kind: Literal["unittest"] = "unittest"
    framework: Literal["pytest", "junit5", "node-test", "go-test"] = Field(
        "pytest", description="pytest (Python), junit5 (Java), node-test (node:test, JavaScript), "
                              "go-test (go test, Go)")
    tests: list[UnitTestPoints] = Field(default_factory=list, description="points per test; default 1 each")
    time_limit_s: float = Field(20.0, gt=0, le=120)
    go_module: str = Field("", pattern=r"^([A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*)?$", max_length=200,
                           description="go-test: the module path of go.mod (default: the package name)")
    go_allow_imports: list[str] = Field(
        default_factory=list, max_length=50,
        description="go-test: standard-library packages the candidate may import beyond the default allowlist "
                    "(each one can give the candidate's code a way around the harness: see docs/graders.md)")

    @model_validator(mode="after")
    def _framework_settings(self) -> UnitTestGrader:
        if self.framework != "go-test" and (self.go_module or self.go_allow_imports):
            raise ValueError("go_module and go_allow_imports are settings of the go-test framework")
        for name in self.go_allow_imports:
            if not re.fullmatch(r"[a-z0-9]+(/[a-z0-9]+)*", name):
                raise ValueError(f"go_allow_imports: {name!r} is not a standard-library package path")
        return self


class InteractiveGrader(Strict):
    """An interactor of the package connected to the candidate's program by pipes (Kattis protocol)."""

    kind: Literal["interactive"] = "interactive"
    program: str = Field(description="path in the package, e.g. grader/interactor.py")
    args: list[str] = Field(default_factory=list)


class QuizGrader(Strict):
    """Multiple-choice and free-text questions (questions.yaml, problemformat.questions), scored without a
    sandbox: a choice question is worth its points when answered exactly (with ``partial_credit``, a
    multiple-answer question earns its share of right choices minus wrong ones, never below 0); a text
    question waits for a reviewer's score."""

    kind: Literal["quiz"] = "quiz"
    partial_credit: bool = Field(False, description="multiple-answer questions earn a share for partly right answers")


class SqlGrader(Strict):
    """The result set of the candidate's SQL query (language sqlite) against the expected one: each test's
    input is the SQL script that builds its database, its answer the expected result in quote mode
    (graders/result_sets.py)."""

    kind: Literal["sql"] = "sql"
    order: Literal["ordered", "unordered"] = Field(
        "unordered", description="ordered: the rows must come in the expected order (the task asks for an ORDER BY)")
    column_names: bool = Field(False, description="the columns must be named as in the expected result")
    abs_tol: float = Field(1e-6, ge=0, description="numbers pass within this absolute OR the relative tolerance")
    rel_tol: float = Field(1e-6, ge=0)


BuiltinGraderConfig = Annotated[
    ExactGrader | TokenGrader | FloatGrader | CheckerGrader | UnitTestGrader | InteractiveGrader | QuizGrader
    | SqlGrader,
    Field(discriminator="kind"),
]
BUILTIN_KINDS = ("exact", "token", "float", "checker", "unittest", "interactive", "quiz", "sql")
_BUILTIN_GRADER: TypeAdapter[BuiltinGraderConfig] = TypeAdapter(BuiltinGraderConfig)


class PluginGrader(BaseModel):
    """Options of a grader kind added by another package (entry point ``assay.graders``); checked
    against that plugin's ``config_model`` when the package is loaded."""

    model_config = ConfigDict(extra="allow", frozen=True)
    kind: str


GraderConfig = BuiltinGraderConfig | PluginGrader


class EditorFiles(Strict):
    """The candidate's files in the editor: which starter files (templates/<language>/) are read-only,
    and how many files a candidate may have (their total size is the service's max_source_kib)."""

    read_only: list[str] = Field(default_factory=list, description="starter files the candidate sees but cannot "
                                 "change, by name in templates/<language>/ (shell patterns: lib/*.py)")
    max_files: int = Field(16, ge=1, le=64, description="files a candidate may have for one language")


class Group(Strict):
    """A scoring group: the test cases under ``path`` (default tests/secret/<name>)."""

    name: str
    points: float = Field(ge=0)
    description: str = Field("", max_length=500, description="what the group checks, in words; shown to "
                             "candidates in their report (never the tests themselves)")
    path: str | None = None
    aggregate: Literal["all", "sum", "min"] = Field(
        "all", description="all: full points only if every test passes; sum: share per test; min: worst test"
    )
    require_pass: list[str] = Field(default_factory=list, description="groups that must be fully passed")
    input_validator_args: list[str] | None = Field(
        None, description="flags for the input validators on this group's tests (default: input_validation.args)")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not GROUP_RE.match(value):
            raise ValueError("group names are lowercase letters, digits, '-' and '_'")
        return value

    @property
    def tests_path(self) -> str:
        return self.path or f"tests/secret/{self.name}"


class InputValidation(Strict):
    """How the programs of input_validators/ are run over the test inputs (``assay problems verify``)."""

    args: list[str] = Field(default_factory=list, description="flags passed to every input validator")
    sample_args: list[str] | None = Field(None, description="flags for tests/sample (default: args)")
    time_limit_s: float = Field(10.0, gt=0, le=60, description="CPU seconds per validator run")


class Scoring(Strict):
    groups: list[Group] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_groups(self) -> Scoring:
        names = [g.name for g in self.groups]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"duplicate group names: {', '.join(dupes)}")
        for group in self.groups:
            for required in group.require_pass:
                if required not in names:
                    raise ValueError(f"group {group.name!r} requires unknown group {required!r}")
                if required == group.name:
                    raise ValueError(f"group {group.name!r} requires itself")
        return self

    @property
    def max_points(self) -> float:
        return sum(g.points for g in self.groups)


class Manifest(Strict):
    """problem.yaml."""

    schema_: Literal[1] = Field(alias="schema", description="manifest schema version")
    slug: str
    title: str = Field(min_length=1, max_length=200)
    languages: list[str] | None = Field(None, description="allowed languages; default: every supported one")
    limits: ProblemLimits = Field(default_factory=ProblemLimits)
    grader: GraderConfig = Field(default_factory=TokenGrader)
    scoring: Scoring = Field(default_factory=lambda: Scoring(groups=[Group(name="main", points=100)]))
    input_validation: InputValidation = Field(default_factory=InputValidation)
    files: EditorFiles = Field(default_factory=EditorFiles)
    authors: list[str] = Field(default_factory=list)
    source: str | None = None
    license: str | None = None
    tags: list[str] = Field(default_factory=list)
    difficulty: Literal["easy", "medium", "hard"] | None = Field(
        None, description="how hard the problem is for the role it screens for (shown in the console's library)")
    expected_minutes: int | None = Field(
        None, ge=1, le=600, description="about how long a prepared candidate needs (helps size an assessment)")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("grader", mode="wrap")
    @classmethod
    def _grader(cls, value: object, handler: ValidatorFunctionWrapHandler) -> object:
        if not isinstance(value, dict | BaseModel):
            raise ValueError("grader must be a mapping with a 'kind', e.g. {kind: token}")
        kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
        if isinstance(value, dict) and kind in BUILTIN_KINDS:
            # Only the builtin model: an invalid builtin config must not fall through to PluginGrader.
            return _BUILTIN_GRADER.validate_python(value)
        if isinstance(value, dict) and kind not in BUILTIN_KINDS:
            if not isinstance(kind, str) or not kind:
                known = ", ".join(BUILTIN_KINDS)
                raise ValueError(f"grader needs a 'kind', one of: {known} (or a plugin kind)")
            try:
                model = config_model(kind)
            except UnknownGraderError as exc:
                raise ValueError(str(exc)) from None
            except Exception as exc:  # a broken plugin must not crash package validation
                raise ValueError(f"grader kind {kind!r} could not be loaded: {exc}") from None
            return model.model_validate(value) if model is not None else PluginGrader.model_validate(value)
        return handler(value)

    @model_validator(mode="after")
    def _sql_languages(self) -> Manifest:
        if isinstance(self.grader, SqlGrader) and self.languages != [SQL_LANGUAGE]:
            raise ValueError(f"the sql grader needs languages: [{SQL_LANGUAGE}] (the query runs in SQLite)")
        return self

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG_RE.match(value):
            raise ValueError("slug must be 3-64 characters of lowercase letters, digits and '-'")
        return value


class SubmissionExpectation(Strict):
    """submissions.yaml entry: the expected score (and verdict) of one reference submission."""

    score: float | None = None
    verdict: str | None = None
