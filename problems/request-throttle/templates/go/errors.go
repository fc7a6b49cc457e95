package throttle

import "errors"

// ErrInvalidConfig is returned by New for a capacity or refill interval that is not positive.
var ErrInvalidConfig = errors.New("throttle: capacity and refill interval must be positive")
