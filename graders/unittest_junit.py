"""The `junit5` framework of the `unittest` grader: JUnit 5 test classes (``*Test.java``,
``Test*.java``) in grader/, run by the JUnit Platform launcher in the java image
(graders/harness/fw_junit.py says how the candidate is kept from the verdicts)."""

from graders.unittest_framework import SupervisedFramework

JUNIT5 = SupervisedFramework(
    name="junit5",
    languages=("java",),
    test_files="*Test.java or Test*.java",
    suffixes=("Test.java", "Tests.java"),
    prefixes=("Test",),
    extensions=(".java",),
    image="java",
    harness_memory_mib=384,  # javac and the JVM
)
