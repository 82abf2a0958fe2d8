package graphtest

import "testing"

// Generate must work for every size, tiny ones included (it used to draw
// from an empty bottom layer below 50 services).
func TestGenerateSmall(t *testing.T) {
	for n := 0; n <= 120; n++ {
		m := Generate(n, 3*n, int64(n))
		if len(m.Services) != n {
			t.Fatalf("Generate(%d): %d services", n, len(m.Services))
		}
	}
}
