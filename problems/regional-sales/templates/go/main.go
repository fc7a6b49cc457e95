package main

import (
	"encoding/csv"
	"fmt"
	"os"
)

func main() {
	r := csv.NewReader(os.Stdin)
	records, err := r.ReadAll()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, rec := range records[1:] { // records[0] is the header
		orderID, region, product, quantity, unitPrice := rec[0], rec[2], rec[3], rec[4], rec[5]
		// TODO: aggregate per region (money in integer cents)
		_, _, _, _, _ = orderID, region, product, quantity, unitPrice
	}
	// TODO: print "REGION,ORDERS,UNITS,REVENUE" lines, then the TOTAL line
}
