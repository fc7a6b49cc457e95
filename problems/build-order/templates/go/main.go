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
	var n, m int
	fmt.Fscan(in, &n, &m)
	names := make([]string, n)
	for i := range names {
		fmt.Fscan(in, &names[i])
	}
	deps := make([][2]string, m) // deps[k][0] needs deps[k][1]
	for k := range deps {
		fmt.Fscan(in, &deps[k][0], &deps[k][1])
	}
	// TODO: print a build order, one name per line, or CYCLE and the targets of a cycle
	for _, name := range names {
		fmt.Fprintln(out, name)
	}
}
