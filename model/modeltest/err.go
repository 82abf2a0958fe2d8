package modeltest

import (
	"strings"
	"testing"
)

// WantErr checks err against want, a substring the error must hold ("":
// no error), and says whether an error was wanted: a table-driven test
// returns then, before it checks the result.
func WantErr(t testing.TB, err error, want string) (wanted bool) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatal(err)
		}
		return false
	}
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want one holding %q", err, want)
	}
	return true
}
