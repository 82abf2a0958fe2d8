package modeltest

import "time"

// Date is the day s (2006-01-02) at midnight UTC, for a test's fixed
// clock and until dates; s is the test's own literal, so a malformed one
// panics.
func Date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
