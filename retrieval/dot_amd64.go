package retrieval

import "golang.org/x/sys/cpu"

// useAVX2 says whether dot may use the AVX2 and FMA kernel.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// dotAVX2 returns the dot product of the first n floats at a and b, n a
// multiple of 8: 32 floats a step in four 8-wide fused multiply-adds.
//
//go:noescape
func dotAVX2(a, b *float32, n int) float32

// dot is the dot product of two vectors of equal length. The dense scan is
// bound by it: the scalar loop reads about 6 GB/s on one core here, the
// AVX2 kernel reaches the memory bandwidth (see BENCHMARKS.md).
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	n := len(a) &^ 7
	if !useAVX2 || n == 0 {
		return dotGeneric(a, b)
	}
	s := dotAVX2(&a[0], &b[0], n)
	for i := n; i < len(a); i++ {
		s += a[i] * b[i]
	}
	return s
}
