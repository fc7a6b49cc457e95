"""The `node-test` framework of the `unittest` grader: node:test files (``*.test.js``,
``*.test.mjs``, ``*.test.cjs``) in grader/, run by Node.js in the javascript image against the
candidate's CommonJS modules (of a TypeScript submission: the CommonJS its compile emits);
graders/harness/fw_node.py says how the candidate is kept from the verdicts."""

from graders.unittest_framework import SupervisedFramework

NODE_TEST = SupervisedFramework(
    name="node-test",
    languages=("javascript", "typescript"),
    test_files="*.test.js, *.test.mjs or *.test.cjs",
    suffixes=(".test.js", ".test.mjs", ".test.cjs"),
    extensions=(".js", ".mjs", ".cjs"),
    image="javascript",
    harness_memory_mib=192,
)
