// invoice.go — the billing service's invoice totals (see the statement for the rules and the tickets).
package main

import (
	"bufio"
	"fmt"
	"os"
)

var taxPercent = map[string]int64{"standard": 20, "reduced": 7, "zero": 0}

// percentOf is cents * percent / 100 in whole cents.
func percentOf(cents, percent int64) int64 {
	return cents * percent / 100
}

func money(cents int64) string {
	return fmt.Sprintf("%d.%02d", cents/100, cents%100)
}

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	var n int
	fmt.Fscan(in, &n)
	var subtotal, taxTotal int64
	for i := 0; i < n; i++ {
		var sku, category string
		var quantity, unitCents, discountPercent int64
		fmt.Fscan(in, &sku, &quantity, &unitCents, &discountPercent, &category)
		gross := quantity * unitCents
		tax := percentOf(gross, taxPercent[category])
		net := gross - percentOf(gross, discountPercent)
		subtotal += net
		taxTotal += tax
		fmt.Fprintf(out, "%s %s %s\n", sku, money(net), money(tax))
	}
	var shippingCents, freeFromCents int64
	fmt.Fscan(in, &shippingCents, &freeFromCents)
	shipping := shippingCents
	if subtotal > freeFromCents {
		shipping = 0
	}
	fmt.Fprintf(out, "SUBTOTAL %s\nTAX %s\nSHIPPING %s\nTOTAL %s\n", money(subtotal), money(taxTotal), money(shipping),
		money(subtotal+taxTotal+shipping))
}
