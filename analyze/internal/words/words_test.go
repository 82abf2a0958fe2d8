package words

import (
	"math"
	"testing"
)

func TestFormat(t *testing.T) {
	tests := []struct{ got, want string }{
		{Int(0), "0"},
		{Int(999), "999"},
		{Int(32768), "32,768"},
		{Int(-1234567), "-1,234,567"},
		{Num(33012), "33,012"},
		{Num(1234.5), "1,234.5"},
		{Num(0.25), "0.25"},
		{Num(-0.5), "-0.5"},
		{Percent(239.0 / 4300), "5.6%"},
		{Seconds(7200), "2h"},
		{Seconds(45 * 60), "45m"},
		{Seconds(30), "30s"},
		{Seconds(math.Inf(1)), "∞"},
		{And([]string{"a", "b", "c"}), "a, b and c"},
		{Or([]string{"a", "b"}), "a or b"},
		{And(nil), ""},
		{AndFirst(3, 6, func(i int) string { return string(rune('a' + i)) }), "a, b and c"},
		{AndFirst(1234, 2, func(i int) string { return string(rune('a' + i)) }), "a, b and 1,232 more"},
		{OrFirst(2, 6, func(i int) string { return string(rune('a' + i)) }), "a or b"},
		{OrFirst(9, 3, func(i int) string { return string(rune('a' + i)) }), "a, b, c or 6 more"},
		{Seconds(51428.57), "14h17m"},
		{Singular("threads"), "thread"},
		{Singular("connections"), "connection"},
		{Singular("entries"), "entry"},
		{Singular("bytes"), "byte"},
		{Limit(32768, "threads"), "the 32,768-thread limit"},
		{Limit(1024, "open files"), "the limit of 1,024 open files"},
		{Count(1, "server"), "1 server"},
		{Count(4300, "server"), "4,300 servers"},
		{A("order-queue"), "an order-queue"},
		{A("api"), "an api"},
		{A("edge"), "an edge"},
		{A("inventory"), "an inventory"},
		{A("kinesis-frontend"), "a kinesis-frontend"},
		{A("user-db"), "a user-db"},
		{A("unit"), "a unit"},
		{A("upstream"), "an upstream"},
		{A("one-time"), "a one-time"},
		{A("S3"), "an S3"},
		{A("RDS"), "an RDS"},
		{A("CDN"), "a CDN"},
		{A("Order"), "an Order"},
		{A("Kafka"), "a Kafka"},
		{A("8-hour"), "an 8-hour"},
		{A("80"), "an 80"},
		{A("11"), "an 11"},
		{A("18,000"), "an 18,000"},
		{A("110"), "a 110"},
		{A("1h46m"), "a 1h46m"},
		{A(""), "a "},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}
