package throttle

import "time"

// Clock tells the limiter what time it is. Production code passes SystemClock; the tests pass a
// fake clock they move by hand.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }
