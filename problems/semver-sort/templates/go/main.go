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
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	in.Scan()
	n, _ := strconv.Atoi(strings.TrimSpace(in.Text()))
	tags := make([]string, 0, n)
	for i := 0; i < n && in.Scan(); i++ {
		tags = append(tags, in.Text())
	}
	// TODO: keep the valid versions, sort them by precedence (stable), then list the invalid tags
	for _, tag := range tags {
		fmt.Fprintln(out, tag)
	}
}
