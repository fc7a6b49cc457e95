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
	var n, limit int
	var window int64
	fmt.Fscan(in, &n, &limit, &window)
	accepted, rejected := 0, 0
	for i := 0; i < n; i++ {
		var t int64
		var client string
		fmt.Fscan(in, &t, &client)
		// TODO: accept or reject this request
		accepted++
	}
	fmt.Fprintln(out, accepted, rejected)
	// TODO: print "client accepted rejected" for every throttled client, most rejected first
}
