package model

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"90s", 90 * time.Second, false},
		{"15m", 15 * time.Minute, false},
		{"1h30m", 90 * time.Minute, false},
		{"2d", 48 * time.Hour, false},
		{"1d12h", 36 * time.Hour, false},
		{"1.5d", 36 * time.Hour, false},
		{"0", 0, false},
		{"0s", 0, false},
		{"+5m", 5 * time.Minute, false},
		{"300ms", 300 * time.Millisecond, false},
		{"2us", 2 * time.Microsecond, false},
		{"2µs", 2 * time.Microsecond, false},
		{"1.1d", time.Duration(1.1 * 24 * float64(time.Hour)), false},
		{"36500d", 36500 * 24 * time.Hour, false},
		{"", 0, true},
		{"-5m", 0, true},
		{"5", 0, true},
		{"m", 0, true},
		{"5x", 0, true},
		{"1..5h", 0, true},
		{"36501d", 0, true},
		{"99999999999999999999h", 0, true},
		{"1h 30m", 0, true},
		{"NaNs", 0, true},
		{"1e3s", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseDuration(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("ParseDuration(%q) error = %v, wantErr %v", tc.in, err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("ParseDuration(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in      string
		want    float64
		wantErr bool
	}{
		{"512B", 512, false},
		{"64KiB", 64 << 10, false},
		{"2GiB", 2 << 30, false},
		{"1GB", 1e9, false},
		{"1.5MiB", 1.5 * (1 << 20), false},
		{"10kB", 1e4, false},
		{"3604MiB", 3604 << 20, false},
		{"10000", 10000, false},
		{"2 GiB", 2 << 30, false},
		{"1e3", 1000, false},
		{"1PB", 1e15, false},
		{"", 0, true},
		{"GiB", 0, true},
		{"-1KiB", 0, true},
		{"12 parsecs", 0, true},
		{"NaN", 0, true},
		{"Inf", 0, true},
		{"2PiB", 0, true},
		{"1e300", 0, true},
		{"1.2.3MB", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseSize(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("ParseSize(%q) error = %v, wantErr %v", tc.in, err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("ParseSize(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		in      string
		want    float64
		wantErr bool
	}{
		{"34MiB/min", 34 * (1 << 20) / 60.0, false},
		{"1200/s", 1200, false},
		{"300/h", 300 / 3600.0, false},
		{"300/hr", 300 / 3600.0, false},
		{"300/hour", 300 / 3600.0, false},
		{"86400/d", 1, false},
		{"86400/day", 1, false},
		{"60/m", 1, false},
		{"5/sec", 5, false},
		{"1GB/s", 1e9, false},
		{"0/s", 0, false},
		{"1200", 0, true},
		{"1200/fortnight", 0, true},
		{"-5/s", 0, true},
		{"/s", 0, true},
		{"abc/s", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseRate(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("ParseRate(%q) error = %v, wantErr %v", tc.in, err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("ParseRate(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
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
