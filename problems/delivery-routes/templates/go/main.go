package main

import (
	"bufio"
	"fmt"
	"os"
)

const MOD = 1_000_000_007

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	var n, m int
	fmt.Fscan(in, &n, &m)
	from, to, minutes := make([]int, m), make([]int, m), make([]int, m)
	for i := 0; i < m; i++ {
		fmt.Fscan(in, &from[i], &to[i], &minutes[i])
	}
	var k int
	fmt.Fscan(in, &k)
	for i := 0; i < k; i++ {
		var customer int
		fmt.Fscan(in, &customer)
		// TODO: the fewest minutes from city 1 to the customer, and the number of such routes modulo MOD
		fmt.Fprintln(out, "-1 0")
	}
}
