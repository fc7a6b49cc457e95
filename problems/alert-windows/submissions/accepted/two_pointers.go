package main

import (
	"bufio"
	"fmt"
	"os"
)

func readInt(r *bufio.Reader) int {
	n, c := 0, byte(' ')
	for c == ' ' || c == '\n' || c == '\r' {
		c, _ = r.ReadByte()
	}
	for c >= '0' && c <= '9' {
		n = n*10 + int(c-'0')
		c, _ = r.ReadByte()
	}
	return n
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	n, k := readInt(in), readInt(in)
	codes := make([]int, n)
	for i := range codes {
		codes[i] = readInt(in)
	}
	count := make([]int32, 1_000_001)
	distinct, left := 0, 0
	var total int64
	for right, c := range codes {
		if count[c] == 0 {
			distinct++
		}
		count[c]++
		for distinct > k {
			count[codes[left]]--
			if count[codes[left]] == 0 {
				distinct--
			}
			left++
		}
		total += int64(right - left + 1)
	}
	fmt.Println(total)
}
