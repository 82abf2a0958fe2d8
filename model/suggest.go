package model

// Nearest returns the name closest to given (Levenshtein distance, within the
// threshold the loader uses for "did you mean"), or "" when none is close.
func Nearest(given string, names []string) string { return nearest(given, names) }
