package throttle

import (
	"sync"
	"time"
)

type bucket struct {
	tokens int
	last   time.Time // the time up to which refills are counted
}

// Limiter is a token-bucket rate limiter with one bucket per key.
type Limiter struct {
	mu       sync.Mutex
	capacity int
	every    time.Duration
	clock    Clock
	buckets  map[string]*bucket
}

// New returns a limiter (see the statement).
func New(capacity int, refillEvery time.Duration, clock Clock) (*Limiter, error) {
	if capacity < 1 || refillEvery <= 0 {
		return nil, ErrInvalidConfig
	}
	return &Limiter{capacity: capacity, every: refillEvery, clock: clock, buckets: map[string]*bucket{}}, nil
}

func (l *Limiter) refill(key string) *bucket {
	now := l.clock.Now()
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.capacity, last: now}
		l.buckets[key] = b
		return b
	}
	if gained := int(now.Sub(b.last) / l.every); gained > 0 {
		b.last = b.last.Add(time.Duration(gained) * l.every)
		b.tokens += gained
		if b.tokens >= l.capacity {
			b.tokens = l.capacity
			b.last = now
		}
	}
	return b
}

// Allow spends one token of key's bucket if there is one.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.refill(key)
	if b.tokens == 0 {
		return false
	}
	b.tokens--
	return true
}

// Remaining returns the tokens of key's bucket now.
func (l *Limiter) Remaining(key string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.refill(key).tokens
}
