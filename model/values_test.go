package model

import (
	"testing"
	"time"
)

// parsed is an input of a value parser and the value it gives.
type parsed[T comparable] struct {
	in   string
	want T
}

// testParse checks that parse (named name, for messages) gives each of ok
// its value and fails on each of bad, giving the zero value.
func testParse[T comparable](t *testing.T, name string, parse func(string) (T, error), ok []parsed[T], bad []string) {
	t.Helper()
	for _, tc := range ok {
		t.Run(tc.in, func(t *testing.T) {
			if got, err := parse(tc.in); err != nil || got != tc.want {
				t.Errorf("%s(%q) = %v, %v; want %v", name, tc.in, got, err, tc.want)
			}
		})
	}
	var zero T
	for _, in := range bad {
		t.Run(in, func(t *testing.T) {
			if got, err := parse(in); err == nil || got != zero {
				t.Errorf("%s(%q) = %v, %v; want %v and an error", name, in, got, err, zero)
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	testParse(t, "ParseDuration", ParseDuration, []parsed[time.Duration]{
		{"90s", 90 * time.Second},
		{"15m", 15 * time.Minute},
		{"1h30m", 90 * time.Minute},
		{"2d", 48 * time.Hour},
		{"1d12h", 36 * time.Hour},
		{"1.5d", 36 * time.Hour},
		{"0", 0},
		{"0s", 0},
		{"+5m", 5 * time.Minute},
		{"300ms", 300 * time.Millisecond},
		{"2us", 2 * time.Microsecond},
		{"2µs", 2 * time.Microsecond},
		{"1.1d", time.Duration(1.1 * 24 * float64(time.Hour))},
		{"36500d", 36500 * 24 * time.Hour},
	}, []string{"", "-5m", "5", "m", "5x", "1..5h", "36501d", "99999999999999999999h", "1h 30m", "NaNs", "1e3s"})
}

func TestParseSize(t *testing.T) {
	testParse(t, "ParseSize", ParseSize, []parsed[float64]{
		{"512B", 512},
		{"64KiB", 64 << 10},
		{"2GiB", 2 << 30},
		{"1GB", 1e9},
		{"1.5MiB", 1.5 * (1 << 20)},
		{"10kB", 1e4},
		{"3604MiB", 3604 << 20},
		{"10000", 10000},
		{"2 GiB", 2 << 30},
		{"1e3", 1000},
		{"1PB", 1e15},
	}, []string{"", "GiB", "-1KiB", "12 parsecs", "NaN", "Inf", "2PiB", "1e300", "1.2.3MB"})
}

func TestParseRate(t *testing.T) {
	testParse(t, "ParseRate", ParseRate, []parsed[float64]{
		{"34MiB/min", 34 * (1 << 20) / 60.0},
		{"1200/s", 1200},
		{"300/h", 300 / 3600.0},
		{"300/hr", 300 / 3600.0},
		{"300/hour", 300 / 3600.0},
		{"86400/d", 1},
		{"86400/day", 1},
		{"60/m", 1},
		{"5/sec", 5},
		{"1GB/s", 1e9},
		{"0/s", 0},
	}, []string{"1200", "1200/fortnight", "-5/s", "/s", "abc/s"})
}

func TestCheckCount(t *testing.T) {
	for _, tc := range []struct {
		in float64
		ok bool
	}{{0, true}, {1, true}, {1e15, true}, {-1, false}, {1.5, false}, {2e15, false}} {
		if err := checkCount(tc.in); (err == nil) != tc.ok {
			t.Errorf("checkCount(%v) = %v, want ok=%v", tc.in, err, tc.ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	d, err := ParseDate("2027-01-31")
	if err != nil || d.Format(time.RFC3339) != "2027-01-31T23:59:59Z" {
		t.Errorf("ParseDate(2027-01-31) = %v, %v", d, err)
	}
	if _, err := ParseDate("2027-01-31T10:00:00+01:00"); err != nil {
		t.Error(err)
	}
	if _, err := ParseDate("31/01/2027"); err == nil {
		t.Error("want error for 31/01/2027")
	}
}

func TestFormatDuration(t *testing.T) {
	const m, h = time.Minute, time.Hour
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"}, {45 * time.Second, "45s"}, {90 * time.Second, "1m30s"}, {106 * m, "1h46m"}, {h, "1h"},
		{26*h + 90*time.Second, "26h1m30s"}, {5 * time.Millisecond, "5ms"}, {-m, "-1m"}, {1499 * time.Millisecond, "1s"},
	} {
		if got := FormatDuration(tt.d); got != tt.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
		if tt.d >= time.Second && tt.d%time.Second == 0 {
			if back, err := ParseDuration(tt.want); err != nil || back != tt.d {
				t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.want, back, err, tt.d)
			}
		}
	}
}
