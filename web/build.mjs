// Bundles src/main.js (CodeMirror 6 and the app) into api/take/static/dist/candidate.js (an ES module)
// plus one chunk per language grammar, loaded on first use, for `assay serve`. Run by `make assets`
// (npm ci, then this). Works on Node 18+.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

const outdir = here("../api/take/static/dist");
rmSync(outdir, { recursive: true, force: true }); // no stale chunks
const result = await build({
  entryPoints: { candidate: here("src/main.js") },
  outdir,
  entryNames: "[name]",
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
for (const [path, output] of Object.entries(result.metafile.outputs)) {
  if (path.endsWith(".js")) console.log(`${path.split("/").pop()}: ${(output.bytes / 1024).toFixed(0)} KiB`);
}
