// Package report writes blast's results as text, JSON, Markdown, SARIF, JUnit XML or GitHub workflow commands.
package report
