const lines = require("fs").readFileSync(0, "utf8").split(/\r?\n/);
const header = lines[0];

// Splits one CSV line into its fields. TODO: handle quoted fields ("a, b" and "" escapes).
function fields(line) {
  return line.split(",");
}

for (const line of lines.slice(1)) {
  if (!line) continue;
  const [orderId, date, region, product, quantity, unitPrice] = fields(line);
  // TODO: aggregate per region (money in integer cents)
}
// TODO: print "REGION,ORDERS,UNITS,REVENUE" lines, then the TOTAL line
