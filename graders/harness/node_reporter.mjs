// The node:test reporter of Assay's harness: one start and one end line per test on descriptor 3
// (graders/harness/fw_node.py). Loaded by Node itself; the candidate's code cannot reach it.
import { writeSync } from 'node:fs';

const REPORT_FD = 3;

function emit(fields) {
  writeSync(REPORT_FD, `${JSON.stringify(fields)}\n`);
}

function text(read) {
  try {
    const value = read();
    return typeof value === 'string' ? value.slice(0, 6000) : String(value).slice(0, 6000);
  } catch {
    return '(could not be printed)';
  }
}

function kind(error) {
  if (!error) return 'error';
  const cause = error.code === 'ERR_TEST_FAILURE' && error.cause !== undefined ? error.cause : error;
  if (error.failureType === 'testTimeoutFailure') return 'timeout';
  if (cause instanceof RangeError && text(() => cause.message).includes('heap')) return 'memory';
  if (cause && (cause.code === 'ERR_ASSERTION' || cause.name === 'AssertionError')) return 'assertion';
  return 'candidate_error';
}

export default async function* assayReporter(source) {
  const names = [];
  for await (const event of source) {
    const data = event.data || {};
    if (event.type === 'test:start' || event.type === 'test:dequeue') {
      names.length = data.nesting;
      names.push(data.name);
      if (event.type === 'test:start') emit({ e: 'start', file: data.file || '', path: names.slice() });
    } else if (event.type === 'test:pass' || event.type === 'test:fail') {
      names.length = data.nesting;
      names.push(data.name);
      const details = data.details || {};
      const error = details.error;
      let status = event.type === 'test:pass' ? 'passed' : 'failed';
      if (data.skip !== undefined || data.todo !== undefined) status = 'skipped';
      const cause = error && error.cause !== undefined ? error.cause : error;
      emit({
        e: 'end', file: data.file || '', path: names.slice(), status, kind: status === 'failed' ? kind(error) : '',
        message: error ? text(() => (cause && cause.stack) || String(cause)) : '',
        short: error ? text(() => (cause && cause.message) || String(cause)).slice(0, 1500) : '',
      });
    }
  }
}
