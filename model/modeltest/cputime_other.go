//go:build !unix

package modeltest

import "time"

// CPUTime is unknown here; it reads 0.
func CPUTime() time.Duration { return 0 }
