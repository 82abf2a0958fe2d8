//go:build unix

package model

import (
	"os"
	"syscall"
)

// openFile opens a file for reading without blocking: opening a FIFO that
// has no writer would otherwise wait forever, before ReadFile can see that
// it is no regular file.
func openFile(fn string) (*os.File, error) {
	return os.OpenFile(fn, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
