//go:build !unix

package model

import "time"

// cpuTime is unknown here; cpu-ms/op then reads 0.
func cpuTime() time.Duration { return 0 }
