const data = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
const n = Number(data[0]), limit = Number(data[1]), window = Number(data[2]);
let accepted = 0, rejected = 0;
for (let i = 0; i < n; i++) {
  const t = Number(data[3 + 2 * i]); // timestamps < 2^53: exact as numbers
  const client = data[4 + 2 * i];
  // TODO: accept or reject this request
  accepted++;
}
console.log(`${accepted} ${rejected}`);
// TODO: print "client accepted rejected" for every throttled client, most rejected first
