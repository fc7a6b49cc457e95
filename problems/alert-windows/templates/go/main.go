package main

import (
	"bufio"
	"fmt"
	"os"
)

// countWindows returns the number of windows of codes with at most k distinct values.
func countWindows(k int, codes []int) int64 {
	// TODO: your solution here
	return 0
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	var n, k int
	fmt.Fscan(in, &n, &k)
	codes := make([]int, n)
	for i := range codes {
		fmt.Fscan(in, &codes[i])
	}
	fmt.Println(countWindows(k, codes))
}
