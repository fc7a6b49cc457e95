package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	in.Scan()
	r, _ := strconv.Atoi(strings.TrimSpace(in.Text()))
	routes := make([][]string, r) // method, pattern, name
	for i := range routes {
		in.Scan()
		routes[i] = strings.Fields(in.Text())
	}
	in.Scan()
	q, _ := strconv.Atoi(strings.TrimSpace(in.Text()))
	for i := 0; i < q; i++ {
		in.Scan()
		request := strings.Fields(in.Text()) // method, path
		_ = request
		fmt.Fprintln(out, "404") // TODO: find the most specific route of this method, or 405 / 404
	}
}
