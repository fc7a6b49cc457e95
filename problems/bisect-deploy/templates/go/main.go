package main

import (
	"bufio"
	"fmt"
	"os"
)

var in = bufio.NewReader(os.Stdin)

// ask reports whether the build of commit is bad.
func ask(commit int64) bool {
	fmt.Printf("? %d\n", commit) // os.Stdout is not buffered: nothing to flush
	var reply string
	fmt.Fscan(in, &reply)
	return reply == "bad"
}

func main() {
	var t int
	fmt.Fscan(in, &t)
	for i := 0; i < t; i++ {
		var n int64
		fmt.Fscan(in, &n)
		// TODO: find the first bad commit with at most ceil(log2(n)) calls to ask()
		answer := n
		_ = ask
		fmt.Printf("! %d\n", answer)
	}
}
