package throttle

import (
	"errors"
	"sync"
	"testing"
	"time"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newClock() *fakeClock { return &fakeClock{now: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)} }

func mustNew(t *testing.T, capacity int, every time.Duration, clock Clock) *Limiter {
	t.Helper()
	l, err := New(capacity, every, clock)
	if err != nil || l == nil {
		t.Fatalf("New(%d, %v) = %v, %v; want a limiter", capacity, every, l, err)
	}
	return l
}

func allowN(l *Limiter, key string, n int) int {
	allowed := 0
	for i := 0; i < n; i++ {
		if l.Allow(key) {
			allowed++
		}
	}
	return allowed
}

func TestBurstUpToCapacity(t *testing.T) {
	l := mustNew(t, 3, time.Second, newClock())
	for i := 1; i <= 3; i++ {
		if !l.Allow("alice") {
			t.Fatalf("request %d of a full bucket of 3 was refused", i)
		}
	}
	if l.Allow("alice") {
		t.Fatal("a 4th request in the same instant was allowed; the bucket holds 3 tokens")
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, c := range []struct {
		capacity int
		every    time.Duration
	}{{0, time.Second}, {-1, time.Second}, {1, 0}, {1, -time.Second}} {
		if _, err := New(c.capacity, c.every, newClock()); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("New(%d, %v): error %v, want ErrInvalidConfig", c.capacity, c.every, err)
		}
	}
}

func TestRefillOneTokenPerInterval(t *testing.T) {
	clock := newClock()
	l := mustNew(t, 2, 10*time.Second, clock)
	if got := allowN(l, "k", 5); got != 2 {
		t.Fatalf("allowed %d of 5 immediate requests, want 2", got)
	}
	clock.advance(9 * time.Second)
	if l.Allow("k") {
		t.Fatal("allowed after 9 s; the first token comes back after 10 s")
	}
	clock.advance(time.Second)
	if got := allowN(l, "k", 3); got != 1 {
		t.Fatalf("allowed %d after 10 s, want 1", got)
	}
	clock.advance(20 * time.Second)
	if got := allowN(l, "k", 3); got != 2 {
		t.Fatalf("allowed %d after 20 more s, want 2", got)
	}
}

func TestRefillIsCappedAtCapacity(t *testing.T) {
	clock := newClock()
	l := mustNew(t, 3, time.Second, clock)
	allowN(l, "k", 3)
	clock.advance(time.Hour)
	if got := l.Remaining("k"); got != 3 {
		t.Fatalf("Remaining after an idle hour = %d, want the capacity 3", got)
	}
	if got := allowN(l, "k", 10); got != 3 {
		t.Fatalf("allowed %d after an idle hour, want 3", got)
	}
}

func TestPartialIntervalsCarryOver(t *testing.T) {
	clock := newClock()
	l := mustNew(t, 1, 10*time.Second, clock)
	l.Allow("k")
	clock.advance(6 * time.Second)
	if l.Allow("k") {
		t.Fatal("allowed 6 s after spending the only token (interval 10 s)")
	}
	clock.advance(4 * time.Second)
	if !l.Allow("k") {
		t.Fatal("refused 10 s after spending the only token: the 6 s and the 4 s add up")
	}
}

func TestKeysAreIndependent(t *testing.T) {
	clock := newClock()
	l := mustNew(t, 2, time.Minute, clock)
	if got := allowN(l, "alice", 5); got != 2 {
		t.Fatalf("alice: allowed %d, want 2", got)
	}
	if got := allowN(l, "bob", 5); got != 2 {
		t.Fatalf("bob (a new key, full bucket): allowed %d, want 2", got)
	}
}

func TestRemainingDoesNotSpend(t *testing.T) {
	clock := newClock()
	l := mustNew(t, 4, time.Second, clock)
	if got := l.Remaining("new"); got != 4 {
		t.Fatalf("Remaining of an unseen key = %d, want 4", got)
	}
	allowN(l, "new", 3)
	for i := 0; i < 3; i++ {
		if got := l.Remaining("new"); got != 1 {
			t.Fatalf("Remaining after 3 of 4 tokens = %d, want 1 (asking must not spend)", got)
		}
	}
}

func TestConcurrentCallersNeverOverspend(t *testing.T) {
	l := mustNew(t, 100, time.Hour, newClock())
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := allowN(l, "shared", 50)
			mu.Lock()
			allowed += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	if allowed != 100 {
		t.Fatalf("8 goroutines x 50 requests: %d allowed, want exactly the 100 tokens", allowed)
	}
}
