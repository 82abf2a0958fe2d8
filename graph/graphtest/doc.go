// Package graphtest builds models in code for tests and benchmarks: small hand-written ones and large generated ones.
package graphtest
