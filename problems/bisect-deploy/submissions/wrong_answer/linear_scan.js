// Tests the commits one by one from the oldest: far more queries than allowed.
const readline = require("readline");
const rl = readline.createInterface({ input: process.stdin });
const it = rl[Symbol.asyncIterator]();
async function line() {
  const { value, done } = await it.next();
  if (done) process.exit(0); // the interactor ended the interaction
  return value.trim();
}
(async () => {
  const t = Number(await line());
  for (let s = 0; s < t; s++) {
    const n = BigInt(await line());
    let k = 1n;
    while (k < n) {
      process.stdout.write(`? ${k}\n`);
      if ((await line()) === "bad") break;
      k += 1n;
    }
    process.stdout.write(`! ${k}\n`);
  }
  rl.close();
})();
