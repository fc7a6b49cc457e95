package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	in.Scan()
	s, _ := strconv.Atoi(strings.TrimSpace(in.Text()))
	onHand := map[string]int{}
	for i := 0; i < s; i++ {
		in.Scan()
		f := strings.Fields(in.Text())
		onHand[f[0]], _ = strconv.Atoi(f[1])
	}
	in.Scan()
	q, _ := strconv.Atoi(strings.TrimSpace(in.Text()))
	for i := 0; i < q; i++ {
		in.Scan()
		f := strings.Fields(in.Text()) // verb, key, arguments...
		_ = f
		fmt.Fprintln(out, "ERROR not implemented") // TODO: RESERVE / COMMIT / RELEASE / RESTOCK, with idempotency keys
	}
	fmt.Fprintln(out, "STOCK")
	skus := make([]string, 0, len(onHand))
	for sku := range onHand {
		skus = append(skus, sku)
	}
	sort.Strings(skus)
	for _, sku := range skus {
		fmt.Fprintf(out, "%s %d 0 %d\n", sku, onHand[sku], onHand[sku])
	}
}
