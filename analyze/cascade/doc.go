// Package cascade reports what follows a failure, over time and as minimal cut sets, for `blast cascade` and `blast cutsets`.
package cascade
