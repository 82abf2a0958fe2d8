package graph

import (
	"strconv"
	"time"
)

// FormatDuration writes a duration the way people read timelines: "1h46m",
// "5m", "90ms", "0s", dropping zero units that time.Duration.String keeps
// ("1h46m0s"). Whole days stay in hours ("26h") to match Go's notation.
func FormatDuration(d time.Duration) string {
	if d == Never {
		return "never"
	}
	if d < 0 {
		return "-" + FormatDuration(-d)
	}
	if d < time.Second {
		return d.String()
	}
	d = d.Round(time.Second)
	h, m, s := d/time.Hour, (d%time.Hour)/time.Minute, (d%time.Minute)/time.Second
	var b []byte
	if h > 0 {
		b = strconv.AppendInt(b, int64(h), 10)
		b = append(b, 'h')
	}
	if m > 0 {
		b = strconv.AppendInt(b, int64(m), 10)
		b = append(b, 'm')
	}
	if s > 0 || len(b) == 0 {
		b = strconv.AppendInt(b, int64(s), 10)
		b = append(b, 's')
	}
	return string(b)
}
