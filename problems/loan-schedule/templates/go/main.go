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
	var t int
	fmt.Fscan(in, &t)
	for i := 0; i < t; i++ {
		var p, rate float64
		var n, m int
		fmt.Fscan(in, &p, &rate, &n, &m)
		payment, balance, paidInterest, totalInterest := 0.0, 0.0, 0.0, 0.0
		// TODO: your solution here
		fmt.Fprintf(out, "%.6f %.6f %.6f %.6f\n", payment, balance, paidInterest, totalInterest)
	}
}
