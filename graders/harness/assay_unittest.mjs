// What a node:test suite graded by Assay imports to reach the candidate's code:
//
//     import { test } from 'node:test';
//     import assert from 'node:assert/strict';
//     import { candidate } from './assay_unittest.mjs';
//
//     test('lists items', async () => {
//       const { handle } = candidate('handler.js');   // the candidate's CommonJS module
//       assert.equal((await handle({ method: 'GET', path: '/items' })).status, 200);
//     });
//
// The candidate's files are CommonJS modules (module.exports / exports / require) loaded by this
// module, not by Node's own loader: their `require` reaches only the candidate's own files (and
// .json data), never a Node built-in, and the process runs without a `process` global, with frozen
// intrinsics and without eval or Function (graders/harness/fw_node.py says why). Each test runs in
// a process of its own, so module state starts fresh in every test.

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];
let root = null;
const cache = new Map();

export function configure(folder) {
  if (root !== null) throw new Error('assay_unittest: configured already');
  root = path.resolve(folder);
}

function isFile(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function resolve(from, request) {
  if (typeof request !== 'string' || !(request.startsWith('./') || request.startsWith('../') || request.startsWith('/'))) {
    throw new Error(`require(${JSON.stringify(request)}): only the submission's own files can be required in these tests`);
  }
  const base = path.resolve(from, request);
  const inside = base === root || base.startsWith(root + path.sep);
  const found = inside && [base, `${base}.js`, `${base}.cjs`, `${base}.json`, path.join(base, 'index.js')].find(isFile);
  if (!found) throw new Error(`require(${JSON.stringify(request)}): no such file in the submission`);
  return found;
}

function load(file) {
  if (cache.has(file)) return cache.get(file).exports;
  const module = { exports: {}, id: path.relative(root, file), loaded: false };
  cache.set(file, module);
  const source = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) {
    module.exports = JSON.parse(source);
    return module.exports;
  }
  const dirname = path.dirname(file);
  const require = (request) => load(resolve(dirname, request));
  const compiled = vm.compileFunction(source.replace(/^#!.*/, ''), PARAMETERS, { filename: file });
  compiled.call(module.exports, module.exports, require, module, file, dirname);
  module.loaded = true;
  return module.exports;
}

/** The exports of one of the candidate's files (a path relative to the submission's folder). */
export function candidate(name) {
  if (root === null) throw new Error('assay_unittest: not configured (run by the Assay harness)');
  return load(resolve(root, `./${name}`));
}
