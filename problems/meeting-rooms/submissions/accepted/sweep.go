package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
)

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	var n int
	fmt.Fscan(in, &n)
	starts := make([]int64, n)
	ends := make([]int64, n)
	for i := 0; i < n; i++ {
		fmt.Fscan(in, &starts[i], &ends[i])
	}
	sort.Slice(starts, func(a, b int) bool { return starts[a] < starts[b] })
	sort.Slice(ends, func(a, b int) bool { return ends[a] < ends[b] })
	rooms, best, j := 0, 0, 0
	for _, s := range starts {
		for ends[j] <= s { // a meeting ending at s frees its room for one starting at s
			j++
			rooms--
		}
		rooms++
		if rooms > best {
			best = rooms
		}
	}
	fmt.Println(best)
}
