package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	var n int
	fmt.Fscan(in, &n)
	for i := 0; i < n; i++ {
		var visitor, path string
		var timestamp int64
		fmt.Fscan(in, &visitor, &timestamp, &path)
		// TODO: collect the views per visitor
	}
	// TODO: per visitor: sessions and the longest one; then SESSIONS and BOUNCES
	fmt.Println("SESSIONS 0")
	fmt.Println("BOUNCES 0")
}
