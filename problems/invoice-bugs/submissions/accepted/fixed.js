// Reference in JavaScript: the template with its four bugs fixed.
const TAX_PERCENT = { standard: 20, reduced: 7, zero: 0 };

// cents * percent / 100, rounded half away from zero (integers throughout: no float error).
function percentOf(cents, percent) {
  const rounded = Math.floor((Math.abs(cents) * percent + 50) / 100);
  return cents < 0 ? -rounded : rounded;
}

function money(cents) {
  const a = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.floor(a / 100)}.${String(a % 100).padStart(2, "0")}`;
}

const lines = require("fs").readFileSync(0, "utf8").split("\n");
const n = Number(lines[0]);
const out = [];
let subtotal = 0, taxTotal = 0;
for (const line of lines.slice(1, 1 + n)) {
  const [sku, quantity, unitCents, discountPercent, category] = line.split(" ");
  const gross = Number(quantity) * Number(unitCents);
  const net = gross - percentOf(gross, Number(discountPercent));
  const tax = percentOf(net, TAX_PERCENT[category]);
  subtotal += net;
  taxTotal += tax;
  out.push(`${sku} ${money(net)} ${money(tax)}`);
}
const [shippingCents, freeFromCents] = lines[1 + n].split(" ").map(Number);
const shipping = subtotal >= freeFromCents ? 0 : shippingCents;
out.push(`SUBTOTAL ${money(subtotal)}`, `TAX ${money(taxTotal)}`, `SHIPPING ${money(shipping)}`,
  `TOTAL ${money(subtotal + taxTotal + shipping)}`);
console.log(out.join("\n"));
