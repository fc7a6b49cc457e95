// The node:test side of Assay's harness (graders/harness/fw_node.py starts it):
//
//     node --frozen-intrinsics --disallow-code-generation-from-strings --test-reporter=REPORTER
//          --test-name-pattern=PATTERN node_runner.mjs API_MODULE CANDIDATE_FOLDER TEST_FILE...
//
// Before any test file (and so any candidate code) loads: API_MODULE (the suite's copy of
// assay_unittest.mjs, the one its tests import) learns where the
// candidate's files are, `console` is replaced by one that writes to descriptors 1 and 2 through
// this module's own closure, and the `process` global is removed. The candidate's code then has
// no object that leads to a file, a descriptor, a child process or the runner's internals.
import { writeSync } from 'node:fs';
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import process from 'node:process';

const [apiModule, candidateFolder, ...testFiles] = process.argv.slice(2);
const api = await import(pathToFileURL(apiModule).href);
api.configure(candidateFolder);

function sink(fd) {
  return new Writable({
    write(chunk, _encoding, callback) {
      try {
        writeSync(fd, chunk);
      } catch {
        // output past the sandbox's limit is dropped
      }
      callback();
    },
  });
}

const console = new Console({ stdout: sink(1), stderr: sink(2) });
Object.defineProperty(globalThis, 'console', { value: console, writable: false, configurable: false });
for (const name of ['process', 'require', 'module', 'exports', '__filename', '__dirname']) {
  delete globalThis[name];
}
for (const file of testFiles) {
  await import(pathToFileURL(file).href);
}
