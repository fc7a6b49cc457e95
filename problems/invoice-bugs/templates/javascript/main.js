// invoice.js — the billing service's invoice totals (see the statement for the rules and the tickets).
const TAX_PERCENT = { standard: 20, reduced: 7, zero: 0 };

// cents * percent / 100 in whole cents.
function percentOf(cents, percent) {
  return Math.trunc((cents * percent) / 100);
}

function money(cents) {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

const lines = require("fs").readFileSync(0, "utf8").split("\n");
const n = Number(lines[0]);
const out = [];
let subtotal = 0, taxTotal = 0;
for (const line of lines.slice(1, 1 + n)) {
  const [sku, quantity, unitCents, discountPercent, category] = line.split(" ");
  const gross = Number(quantity) * Number(unitCents);
  const tax = percentOf(gross, TAX_PERCENT[category]);
  const net = gross - percentOf(gross, Number(discountPercent));
  subtotal += net;
  taxTotal += tax;
  out.push(`${sku} ${money(net)} ${money(tax)}`);
}
const [shippingCents, freeFromCents] = lines[1 + n].split(" ").map(Number);
const shipping = subtotal > freeFromCents ? 0 : shippingCents;
out.push(`SUBTOTAL ${money(subtotal)}`, `TAX ${money(taxTotal)}`, `SHIPPING ${money(shipping)}`,
  `TOTAL ${money(subtotal + taxTotal + shipping)}`);
console.log(out.join("\n"));
