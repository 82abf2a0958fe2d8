//go:build !unix

package model

import "os"

// openFile opens a file for reading.
func openFile(fn string) (*os.File, error) { return os.Open(fn) }
