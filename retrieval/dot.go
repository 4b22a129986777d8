package retrieval

import "github.com/viterin/vek/vek32"

// dot is the dot product of two vectors of equal length. The dense scan is
// bound by it: vek32 runs AVX2 and FMA where the CPU has them (the scan then
// reaches the memory bandwidth, see BENCHMARKS.md) and plain Go elsewhere.
func dot(a, b []float32) float32 {
	if len(a) == 0 {
		return 0 // vek32 panics on empty slices
	}
	return vek32.Dot(a, b[:len(a)])
}
