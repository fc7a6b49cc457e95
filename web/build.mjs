// Bundles src/main.js (CodeMirror 6 and the app) into api/take/static/dist/candidate-<hash>.js (an ES
// module) plus one chunk per language grammar, loaded on first use, for `assay serve`. Every file name
// carries esbuild's content hash, so the server lets browsers keep them for a year (immutable);
// dist/manifest.json (from esbuild's metafile) names the entry's file and lists every output, and the
// workspace page reads it (api/pages/assets.py). Run by `make assets` (npm ci, then this). Node 18+.
import { build } from "esbuild";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

const outdir = here("../api/take/static/dist");
rmSync(outdir, { recursive: true, force: true }); // no stale chunks
const entryPoints = { // the reports' playback and the interview pad too
  candidate: here("src/main.js"), player: here("src/player.js"), pad: here("src/pad/main.js"),
};
const result = await build({
  absWorkingDir: here("."), // the hashes do not depend on where the build is started
  entryPoints,
  outdir,
  entryNames: "[name]-[hash]",
  chunkNames: "[name]-[hash]",
  bundle: true,
  splitting: true,
  minify: true,
  sourcemap: "linked",
  format: "esm",
  target: ["es2020", "chrome90", "firefox90", "safari15"],
  legalComments: "linked",
  metafile: true,
  logLevel: "warning",
});
const entryOf = Object.fromEntries(Object.entries(entryPoints).map(([name, path]) => [relative(here("."), path), name]));
const entries = {}; // "candidate.js" -> "candidate-<hash>.js"
const files = [];
for (const [path, output] of Object.entries(result.metafile.outputs)) { // paths relative to web/
  const name = basename(path);
  files.push(name);
  if (name.endsWith(".js") && entryOf[output.entryPoint]) entries[`${entryOf[output.entryPoint]}.js`] = name;
  if (name.endsWith(".js")) {
    const gzip = gzipSync(readFileSync(here(path)), { level: 6 }).length;
    console.log(`${name}: ${(output.bytes / 1024).toFixed(0)} KiB (gzip ${(gzip / 1024).toFixed(0)} KiB)`);
  }
}
writeFileSync(`${outdir}/manifest.json`, JSON.stringify({ entries, files: files.sort() }, null, 1) + "\n");
