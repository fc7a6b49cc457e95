package main

import (
	"bufio"
	"fmt"
	"os"
)

// minRooms returns the fewest rooms for meetings [s, e) (back-to-back meetings can share a room).
func minRooms(meetings [][2]int64) int {
	// TODO: your solution here
	return 0
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	var n int
	fmt.Fscan(in, &n)
	meetings := make([][2]int64, n)
	for i := range meetings {
		fmt.Fscan(in, &meetings[i][0], &meetings[i][1])
	}
	fmt.Println(minRooms(meetings))
}
