// Reference in Go: events grouped per user, deduplicated, sorted, split where the gap exceeds 1800 s.
package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
)

type event struct {
	ts   int64
	path string
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	var n int
	fmt.Fscan(in, &n)
	byUser := map[string]map[event]bool{}
	for i := 0; i < n; i++ {
		var user, path string
		var ts int64
		fmt.Fscan(in, &user, &ts, &path)
		if byUser[user] == nil {
			byUser[user] = map[event]bool{}
		}
		byUser[user][event{ts, path}] = true
	}
	users := make([]string, 0, len(byUser))
	for u := range byUser {
		users = append(users, u)
	}
	sort.Strings(users)
	total, bounces := 0, 0
	for _, u := range users {
		times := make([]int64, 0, len(byUser[u]))
		for e := range byUser[u] {
			times = append(times, e.ts)
		}
		sort.Slice(times, func(a, b int) bool { return times[a] < times[b] })
		sessions, longest, start, size := 0, int64(0), times[0], 0
		for i, ts := range times {
			if i == 0 || ts-times[i-1] > 1800 {
				if i > 0 {
					if times[i-1]-start > longest {
						longest = times[i-1] - start
					}
					if size == 1 {
						bounces++
					}
				}
				sessions, start, size = sessions+1, ts, 0
			}
			size++
		}
		if times[len(times)-1]-start > longest {
			longest = times[len(times)-1] - start
		}
		if size == 1 {
			bounces++
		}
		total += sessions
		fmt.Fprintf(out, "%s %d %d\n", u, sessions, longest)
	}
	fmt.Fprintf(out, "SESSIONS %d\nBOUNCES %d\n", total, bounces)
}
