package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
)

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	var n, m, k int
	var sku, id, kind, arg, qty string
	var q int64
	fmt.Fscan(in, &n)
	for i := 0; i < n; i++ {
		fmt.Fscan(in, &sku, &q) // opening stock
	}
	fmt.Fscan(in, &m)
	for i := 0; i < m; i++ {
		fmt.Fscan(in, &id, &kind, &arg) // arg: the SKU, or the target of a VOID
		if kind != "VOID" {
			fmt.Fscan(in, &qty)
			delta, _ := strconv.ParseInt(qty, 10, 64) // "+5", "-3" for ADJUST
			_ = delta                                 // TODO: book the entry
		}
	}
	fmt.Fscan(in, &k)
	for i := 0; i < k; i++ {
		fmt.Fscan(in, &sku, &q) // physical count
	}
	// TODO: print the differences
	fmt.Fprintln(out, "TOTAL 0 0")
}
