package semantic

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
)

// The model file's layout is written by internal/convert (its package
// comment has the details): magic, vocabulary, tensors, CRC-32.
const magic = "USELITE1"

// Tensor kinds in the model file.
const (
	kindF32  = 0 // float32 values
	kindQRow = 1 // int8 values, one float32 scale per row
	kindQCol = 2 // int8 values, one float32 scale per column
)

// tensor is one tensor of the model file as stored: f32 for kindF32, q and
// scales for the quantised kinds.
type tensor struct {
	shape  []int
	kind   byte
	f32    []float32
	q      []int8
	scales []float32
}

// size is the number of elements.
func (t tensor) size() int {
	n := 1
	for _, d := range t.shape {
		n *= d
	}
	return n
}

// dequantize returns the values as float32, whatever the stored kind.
func (t tensor) dequantize() []float32 {
	if t.kind == kindF32 {
		return t.f32
	}
	cols := t.shape[len(t.shape)-1]
	out := make([]float32, len(t.q))
	for i, q := range t.q {
		r, c := i/cols, i%cols
		s := t.scales[c]
		if t.kind == kindQRow {
			s = t.scales[r]
		}
		out[i] = s * float32(q)
	}
	return out
}

// reader reads the model file front to back; the first error sticks.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) next(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || r.off+n > len(r.b) {
		r.err = errors.New("unexpected end of file")
		return nil
	}
	b := r.b[r.off : r.off+n]
	r.off += n
	return b
}

func (r *reader) u8() int {
	if b := r.next(1); b != nil {
		return int(b[0])
	}
	return 0
}

func (r *reader) u16() int {
	if b := r.next(2); b != nil {
		return int(binary.LittleEndian.Uint16(b))
	}
	return 0
}

func (r *reader) u32() int {
	if b := r.next(4); b != nil {
		return int(binary.LittleEndian.Uint32(b))
	}
	return 0
}

func (r *reader) f64() float64 {
	if b := r.next(8); b != nil {
		return math.Float64frombits(binary.LittleEndian.Uint64(b))
	}
	return 0
}

func (r *reader) f32s(n int) []float32 {
	b := r.next(4 * n)
	if b == nil {
		return nil
	}
	out := make([]float32, n)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

func (r *reader) i8s(n int) []int8 {
	b := r.next(n)
	if b == nil {
		return nil
	}
	out := make([]int8, n)
	for i, v := range b {
		out[i] = int8(v)
	}
	return out
}

// vocabEntry is one SentencePiece piece with its log-probability score.
type vocabEntry struct {
	piece string
	score float64
}

// parseModelFile checks the magic and the checksum and returns the
// vocabulary in id order and the tensors by name.
func parseModelFile(b []byte) ([]vocabEntry, map[string]tensor, error) {
	if len(b) < len(magic)+4 || string(b[:len(magic)]) != magic {
		return nil, nil, errors.New("not a semantic model file")
	}
	body := b[:len(b)-4]
	if got, want := crc32.ChecksumIEEE(body), binary.LittleEndian.Uint32(b[len(b)-4:]); got != want {
		return nil, nil, fmt.Errorf("checksum %08x, want %08x: the file is damaged", got, want)
	}
	r := &reader{b: body, off: len(magic)}
	vocab := make([]vocabEntry, r.u32())
	if len(vocab) > len(body) {
		return nil, nil, fmt.Errorf("vocabulary of %d pieces is longer than the file", len(vocab))
	}
	for i := range vocab {
		piece := string(r.next(r.u16()))
		vocab[i] = vocabEntry{piece, r.f64()}
	}
	n := r.u32()
	tensors := make(map[string]tensor, min(n, 64))
	for range n {
		if r.err != nil {
			break
		}
		name := string(r.next(r.u8()))
		t := tensor{kind: byte(r.u8())}
		t.shape = make([]int, r.u8())
		for i := range t.shape {
			t.shape[i] = r.u32()
		}
		size := t.size()
		if size > len(body) {
			return nil, nil, fmt.Errorf("tensor %s: shape %v is larger than the file", name, t.shape)
		}
		switch t.kind {
		case kindF32:
			t.f32 = r.f32s(size)
		case kindQRow, kindQCol:
			if len(t.shape) != 2 {
				return nil, nil, fmt.Errorf("tensor %s: quantised with rank %d, want 2", name, len(t.shape))
			}
			t.scales = r.f32s(t.shape[t.kind-kindQRow])
			t.q = r.i8s(size)
		default:
			return nil, nil, fmt.Errorf("tensor %s: unknown kind %d", name, t.kind)
		}
		tensors[name] = t
	}
	if r.err == nil && r.off != len(body) {
		r.err = fmt.Errorf("%d bytes left after the last tensor", len(body)-r.off)
	}
	if r.err != nil {
		return nil, nil, r.err
	}
	return vocab, tensors, nil
}
