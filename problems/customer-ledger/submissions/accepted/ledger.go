package main

import (
	"bufio"
	"encoding/json"
	"os"
	"sort"
	"strings"
)

type event struct {
	EventID  string `json:"event_id"`
	Type     string `json:"type"`
	Ts       string `json:"ts"`
	OrderID  string `json:"order_id"`
	Customer struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"customer"`
	Items []struct {
		Qty        int64 `json:"qty"`
		PriceCents int64 `json:"price_cents"`
	} `json:"items"`
	ShippingCents int64 `json:"shipping_cents"`
	AmountCents   int64 `json:"amount_cents"`
}

type order struct {
	customer, name, ts string
	total              int64
}

type row struct {
	CustomerID string `json:"customer_id"`
	Name       string `json:"name"`
	Orders     int    `json:"orders"`
	NetCents   int64  `json:"net_cents"`
	ts         string
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	seen := map[string]bool{}
	orders := map[string]*order{}
	cancelled := map[string]bool{}
	refunds := map[string]int64{}
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		var e event
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			panic(err)
		}
		if seen[e.EventID] {
			continue
		}
		seen[e.EventID] = true
		switch e.Type {
		case "order_placed":
			total := e.ShippingCents
			for _, it := range e.Items {
				total += it.Qty * it.PriceCents
			}
			orders[e.OrderID] = &order{e.Customer.ID, e.Customer.Name, e.Ts, total}
		case "order_cancelled":
			cancelled[e.OrderID] = true
		case "refund_issued":
			refunds[e.OrderID] += e.AmountCents
		}
	}
	customers := map[string]*row{}
	for id, o := range orders {
		if cancelled[id] {
			continue
		}
		c, ok := customers[o.customer]
		if !ok {
			c = &row{CustomerID: o.customer}
			customers[o.customer] = c
		}
		c.Orders++
		c.NetCents += o.total - refunds[id]
		if o.ts > c.ts {
			c.ts, c.Name = o.ts, o.name
		}
	}
	report := make([]*row, 0, len(customers))
	for _, c := range customers {
		report = append(report, c)
	}
	sort.Slice(report, func(i, j int) bool {
		if report[i].NetCents != report[j].NetCents {
			return report[i].NetCents > report[j].NetCents
		}
		return report[i].CustomerID < report[j].CustomerID
	})
	out, _ := json.Marshal(report)
	os.Stdout.Write(append(out, '\n'))
}
