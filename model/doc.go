// Package model reads blast's HCL language into a validated, source-located model.
package model
