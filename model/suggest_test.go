package model

import "testing"

func TestSuggest(t *testing.T) {
	names := []string{"glue", "kinesis-frontend", "cognito", "service", "db", "status"}
	for _, tt := range []struct{ given, want string }{
		{"servce", "service"}, // one edit
		{"kinesis-fronted", "kinesis-frontend"},
		{"cogntio", "cognito"},          // a swap is two edits: within a third of 7
		{"nope", ""},                    // three edits from glue: too far for a short word
		{"dv", "db"},                    // one edit
		{"kinesis", "kinesis-frontend"}, // the only name it begins
		{"s", ""},                       // two names begin with s
		{"", ""},
	} {
		if got := Suggest(tt.given, names); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.given, got, tt.want)
		}
	}
}
