package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	in := bufio.NewReader(os.Stdin)
	var e, s int
	fmt.Fscan(in, &e, &s)
	names, limit, shifts := make([]string, e), make([]int, e), make([][]int, e)
	for i := 0; i < e; i++ {
		var k int
		fmt.Fscan(in, &names[i], &limit[i], &k)
		shifts[i] = make([]int, k)
		for j := range shifts[i] {
			fmt.Fscan(in, &shifts[i][j])
		}
	}
	// TODO: one engineer per shift, each available for it and within their limit; or IMPOSSIBLE
	fmt.Println("IMPOSSIBLE")
}
