package throttle

import "time"

// Limiter is a token-bucket rate limiter with one bucket per key (a client id, an API key).
type Limiter struct {
	// TODO: your fields
}

// New returns a limiter whose buckets hold at most capacity tokens and gain one token every
// refillEvery. It returns ErrInvalidConfig if capacity < 1 or refillEvery <= 0.
func New(capacity int, refillEvery time.Duration, clock Clock) (*Limiter, error) {
	// TODO
	return &Limiter{}, nil
}

// Allow spends one token of key's bucket and reports whether there was one to spend.
func (l *Limiter) Allow(key string) bool {
	// TODO
	return false
}

// Remaining returns how many tokens key's bucket holds now, without spending any.
func (l *Limiter) Remaining(key string) int {
	// TODO
	return 0
}
