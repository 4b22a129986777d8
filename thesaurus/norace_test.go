//go:build !race

package thesaurus

const raceEnabled = false
