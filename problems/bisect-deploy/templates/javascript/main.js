// Numbers up to 10^18 do not fit in a double exactly: use BigInt.
const readline = require("readline");
const rl = readline.createInterface({ input: process.stdin });
const lines = rl[Symbol.asyncIterator]();
async function readLine() {
  const { value } = await lines.next();
  return value.trim();
}

// Resolves to true when the build of commit (a BigInt) is bad.
async function ask(commit) {
  process.stdout.write(`? ${commit}\n`);
  return (await readLine()) === "bad";
}

(async () => {
  const t = Number(await readLine());
  for (let i = 0; i < t; i++) {
    const n = BigInt(await readLine());
    // TODO: find the first bad commit with at most ceil(log2(n)) calls to ask()
    const answer = n;
    process.stdout.write(`! ${answer}\n`);
  }
  rl.close();
})();
