package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	sc.Scan()
	k, _ := strconv.Atoi(strings.TrimSpace(sc.Text()))
	valid, skipped := 0, 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		// TODO: check the line, find its endpoint, latency (ms) and status
		skipped++
	}
	fmt.Println(valid, skipped)
	// TODO: print the first k endpoints: "METHOD PATH REQUESTS ERRORS P95"
	_ = k
}
