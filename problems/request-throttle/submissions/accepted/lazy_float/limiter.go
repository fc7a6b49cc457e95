package throttle

import (
	"math"
	"sync"
	"time"
)

// Limiter keeps a fractional token count per key, brought up to date lazily.
type Limiter struct {
	mu       sync.Mutex
	capacity float64
	every    time.Duration
	clock    Clock
	tokens   map[string]float64
	seen     map[string]time.Time
}

// New returns a limiter (see the statement).
func New(capacity int, refillEvery time.Duration, clock Clock) (*Limiter, error) {
	if capacity <= 0 || refillEvery <= 0 {
		return nil, ErrInvalidConfig
	}
	return &Limiter{capacity: float64(capacity), every: refillEvery, clock: clock,
		tokens: map[string]float64{}, seen: map[string]time.Time{}}, nil
}

func (l *Limiter) update(key string) float64 {
	now := l.clock.Now()
	last, ok := l.seen[key]
	if !ok {
		l.tokens[key] = l.capacity
	} else {
		gained := float64(now.Sub(last)) / float64(l.every)
		l.tokens[key] = math.Min(l.capacity, l.tokens[key]+gained)
	}
	l.seen[key] = now
	return l.tokens[key]
}

// Allow spends one token of key's bucket if there is a whole one.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.update(key) < 1-1e-9 {
		return false
	}
	l.tokens[key]--
	return true
}

// Remaining returns the whole tokens of key's bucket now.
func (l *Limiter) Remaining(key string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return int(math.Floor(l.update(key) + 1e-9))
}
