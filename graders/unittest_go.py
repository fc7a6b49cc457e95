"""The `go-test` framework of the `unittest` grader: ``*_test.go`` files in grader/, run with
``go test`` in the go image (graders/harness/fw_go.py says how the candidate is kept from the verdicts)."""

from graders.unittest_framework import SupervisedFramework

GO_TEST = SupervisedFramework(
    name="go-test",
    languages=("go",),
    test_files="*_test.go",
    suffixes=("_test.go",),
    extensions=(".go",),
    image="go",
    options=("go_module", "go_allow_imports"),
    harness_memory_mib=640,  # the go tool builds the suite in the sandbox (its cache is on the tmpfs)
)
