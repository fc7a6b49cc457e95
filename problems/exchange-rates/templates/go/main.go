package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	var m int
	fmt.Fscan(in, &m)
	from, to, rate := make([]string, m), make([]string, m), make([]float64, m)
	for i := 0; i < m; i++ {
		fmt.Fscan(in, &from[i], &to[i], &rate[i])
	}
	var q int
	fmt.Fscan(in, &q)
	for i := 0; i < q; i++ {
		var a, b string
		fmt.Fscan(in, &a, &b)
		// TODO: ARBITRAGE if a cycle gains money; else the best rate, 1 for a currency to itself, -1 if none
		fmt.Fprintln(out, -1)
	}
}
