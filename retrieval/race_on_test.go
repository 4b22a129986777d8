//go:build race

package retrieval

// raceEnabled reports whether the race detector is on; it makes the
// 250k-id round trip too slow to run by default.
const raceEnabled = true
