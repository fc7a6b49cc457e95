package main

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
)

// event holds the fields you need; encoding/json ignores the others.
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

type summary struct {
	CustomerID string `json:"customer_id"`
	Name       string `json:"name"`
	Orders     int    `json:"orders"`
	NetCents   int64  `json:"net_cents"`
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	report := []summary{}
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		var e event
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			panic(err)
		}
		// TODO: skip redelivered events (same event_id), then handle e.Type
	}
	// TODO: fill report, sorted by NetCents descending, then CustomerID
	out, _ := json.Marshal(report)
	os.Stdout.Write(append(out, '\n'))
}
