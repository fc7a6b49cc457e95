// Reference in Go: a trie, searched static -> parameter -> wildcard with backtracking.
package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

type route struct {
	name  string
	names []string
}

type node struct {
	static   map[string]*node
	param    *node
	wildcard map[string]route
	routes   map[string]route
}

func newNode() *node {
	return &node{static: map[string]*node{}, wildcard: map[string]route{}, routes: map[string]route{}}
}

func segments(path string) []string {
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	var out []string
	for _, s := range strings.Split(path, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func decode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func add(root *node, method, pattern, name string) {
	n, names := root, []string{}
	for _, seg := range segments(pattern) {
		switch seg[0] {
		case '*':
			names = append(names, seg[1:])
			n.wildcard[method] = route{name, names}
			return
		case ':':
			names = append(names, seg[1:])
			if n.param == nil {
				n.param = newNode()
			}
			n = n.param
		default:
			child, ok := n.static[seg]
			if !ok {
				child = newNode()
				n.static[seg] = child
			}
			n = child
		}
	}
	n.routes[method] = route{name, names}
}

type query struct {
	method  string
	allowed map[string]bool
	answer  string
}

func (q *query) want(routes map[string]route, values []string) bool {
	if r, ok := routes[q.method]; ok {
		parts := []string{r.name}
		for i, k := range r.names {
			parts = append(parts, k+"="+decode(values[i]))
		}
		q.answer = strings.Join(parts, " ")
		return true
	}
	for m := range routes {
		q.allowed[m] = true
	}
	return false
}

func search(n *node, segs []string, i int, values []string, q *query) bool {
	if i == len(segs) {
		return len(n.routes) > 0 && q.want(n.routes, values)
	}
	if child, ok := n.static[segs[i]]; ok && search(child, segs, i+1, values, q) {
		return true
	}
	if n.param != nil && search(n.param, segs, i+1, append(append([]string{}, values...), segs[i]), q) {
		return true
	}
	if len(n.wildcard) > 0 {
		return q.want(n.wildcard, append(append([]string{}, values...), strings.Join(segs[i:], "/")))
	}
	return false
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	in.Scan()
	r, _ := strconv.Atoi(strings.TrimSpace(in.Text()))
	root := newNode()
	for i := 0; i < r; i++ {
		in.Scan()
		f := strings.Fields(in.Text())
		add(root, f[0], f[1], f[2])
	}
	in.Scan()
	nq, _ := strconv.Atoi(strings.TrimSpace(in.Text()))
	for i := 0; i < nq; i++ {
		in.Scan()
		f := strings.Fields(in.Text())
		q := &query{method: f[0], allowed: map[string]bool{}}
		if search(root, segments(f[1]), 0, nil, q) {
			fmt.Fprintln(out, q.answer)
		} else if len(q.allowed) > 0 {
			methods := make([]string, 0, len(q.allowed))
			for m := range q.allowed {
				methods = append(methods, m)
			}
			sort.Strings(methods)
			fmt.Fprintln(out, "405 "+strings.Join(methods, ","))
		} else {
			fmt.Fprintln(out, "404")
		}
	}
}
