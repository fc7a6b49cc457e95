package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// lint returns "OK" or the first problem, e.g. "line 2 col 22: expected ']' but found '}'".
func lint(text string) string {
	for n, line := range strings.Split(text, "\n") {
		for c := 0; c < len(line); c++ {
			ch := line[c]
			// TODO: strings, comments and brackets (line n+1, column c+1)
			_, _ = n, ch
		}
	}
	return "OK"
}

func main() {
	data, _ := io.ReadAll(os.Stdin)
	fmt.Println(lint(string(data)))
}
