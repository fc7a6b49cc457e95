package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	in.Scan()
	q, _ := strconv.Atoi(strings.TrimSpace(in.Text()))
	for i := 0; i < q; i++ {
		in.Scan()
		f := strings.Fields(in.Text())
		start, _ := time.Parse("2006-01-02T15:04", f[0])
		k, _ := strconv.Atoi(f[1])
		minute, hour, dayOfMonth, month, dayOfWeek := f[2], f[3], f[4], f[5], f[6]
		_, _, _, _, _, _, _ = start, k, minute, hour, dayOfMonth, month, dayOfWeek
		// TODO: the first k matching times after start (strictly), before 2100-01-01, then NEVER if fewer
		fmt.Fprintln(out, "NEVER")
	}
}
