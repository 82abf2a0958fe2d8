// Package views renders every command's result: text, JSON, Markdown, SARIF,
// JUnit XML, GitHub workflow commands and charts are views of one result
// value, as in Terraform's internal/command/views. Engines return data; only
// this package decides how it reads.
package views
