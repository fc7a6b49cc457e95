package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	var n int
	fmt.Fscan(in, &n)
	accounts := make([][]string, n)
	for i := range accounts {
		var name string
		var k int
		fmt.Fscan(in, &name, &k)
		accounts[i] = make([]string, k)
		for j := range accounts[i] {
			fmt.Fscan(in, &accounts[i][j])
		}
	}
	// TODO: group the accounts that share an address (case-insensitively, transitively)
	fmt.Fprintln(out, n)
	for i := 0; i < n; i++ {
		fmt.Fprintln(out, i+1)
	}
}
