package retrieval

import (
	"context"
	"math"
	"testing"
)

func cosine(a, b []float32) float64 {
	var d float64
	for i := range a {
		d += float64(a[i]) * float64(b[i])
	}
	return d
}

func TestLocalUnitDeterministic(t *testing.T) {
	ctx := context.Background()
	l := NewLocal(0)
	if l.Dims() != DefaultLocalDims || l.Name() != "local-v2-1024" {
		t.Fatalf("NewLocal(0): dims %d name %q", l.Dims(), l.Name())
	}
	texts := []string{"North Korea dismissed the claims.", "", "   ", "the of and", "12,000 troops"}
	a, err := l.Embed(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewLocal(0).Embed(ctx, texts)
	for i := range texts {
		if len(a[i]) != DefaultLocalDims {
			t.Fatalf("text %d: %d dims", i, len(a[i]))
		}
		var n float64
		for j, x := range a[i] {
			n += float64(x) * float64(x)
			if x != b[i][j] {
				t.Fatalf("text %d: not deterministic", i)
			}
		}
		if math.Abs(n-1) > 1e-5 {
			t.Errorf("text %q: norm %v, want 1", texts[i], n)
		}
	}
}

func TestLocalSpellingVariants(t *testing.T) {
	l := NewLocal(0)
	for _, tt := range []struct{ a, b, unrelated string }{
		{"Hwang Joon-kook", "Hwang Jun Kook", "Vasily Nebenzya"},
		{"Kim Hong-kyun", "Kim Hong Kyun", "Robert Wood"},
		{"rumours", "rumors", "weapons"},
		{"baseless stereotypical rumours", "groundless stereotyped rumors", "special forces in Vladivostok"},
	} {
		vs, err := l.Embed(context.Background(), []string{tt.a, tt.b, tt.unrelated})
		if err != nil {
			t.Fatal(err)
		}
		near, far := cosine(vs[0], vs[1]), cosine(vs[0], vs[2])
		t.Logf("%q ~ %q: %.2f; vs %q: %.2f", tt.a, tt.b, near, tt.unrelated, far)
		if near < 0.4 || near < far+0.3 {
			t.Errorf("%q ~ %q = %.2f, unrelated %.2f: variants should be close", tt.a, tt.b, near, far)
		}
	}
}

func TestLocalCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewLocal(8).Embed(ctx, []string{"x"}); err == nil {
		t.Fatal("Embed with a cancelled context: want error")
	}
}

func TestWords(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"Korea's 12,000 troops", []string{"korea", "12000", "troops"}},
		{"Hwang Joon-kook", []string{"hwang", "joon", "kook"}},
		{"North Korea’s “baseless” rumours.", []string{"north", "korea", "baseless", "rumours"}},
		{"1,500, 2", []string{"1500", "2"}},
	} {
		var got []string
		for _, w := range words(tt.in) {
			got = append(got, w.lower)
		}
		if len(got) != len(tt.want) {
			t.Errorf("words(%q) = %q, want %q", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("words(%q) = %q, want %q", tt.in, got, tt.want)
				break
			}
		}
	}
	if stem("soldiers") != stem("troops") || stem("spoke") != stem("speaking") || stem("ambassador") != stem("envoy") {
		t.Error("synonym or irregular folding lost")
	}
}
