package semantic

import (
	"fmt"
	"math"

	"github.com/viterin/vek/vek32"
)

// Widths of the network.
const (
	embedDims = 256  // token embeddings and layer 0's input
	modelDims = 512  // the residual stream from layer 0's output on
	ffnDims   = 1536 // the feed-forward layers' hidden width
	heads     = 4
	dims      = 512 // the output
)

// layer is one Kona transformer layer. Matrices are row-major [in][out] and
// used as x·W, as in the graph.
type layer struct {
	in                 int       // input width: 256 for layer 0, 512 for layer 1
	lnScale, lnBias    []float32 // layer norm before attention, [in]
	qkvW, qkvB         []float32 // [in][3·in]: queries, keys, values side by side
	qScale             float32   // 1/√(in/heads), applied to the queries
	outW, outB         []float32 // [in][512]
	resW, resB         []float32 // layer 0 only: widens the residual, [256][512]
	ffnScale, ffnBias  []float32 // layer norm before the feed-forward part, [512]
	ffn1W, ffn1B       []float32 // [512][1536], then ReLU
	ffn2W, ffn2B       []float32 // [1536][512]
	headDims, qkvWidth int
}

// weights are the model's parameters, dequantised to float32 except the
// token embeddings, which stay int8 (only the rows of a text's tokens are
// read, so dequantising all 8002 rows would cost 8 MB of heap for nothing).
type weights struct {
	embQ     []int8    // [8002][256], or nil when embF holds float32
	embScale []float32 // one per row
	embF     []float32
	vocab    int       // rows of the embedding table
	timing   []float32 // [MaxTokens][256]: the sinusoidal timing signal by position
	layers   [2]layer
	finalW   []float32 // [512][512], then tanh
	finalB   []float32
	lnEps    float32
	l2Eps    float32
}

// newWeights takes the tensors the forward pass reads and checks their shapes.
func newWeights(ts map[string]tensor) (*weights, error) {
	var missing []string
	get := func(name string, shape ...int) tensor {
		t, ok := ts[name]
		if !ok || fmt.Sprint(t.shape) != fmt.Sprint(shape) {
			missing = append(missing, fmt.Sprintf("%s %v", name, shape))
			return tensor{shape: shape, f32: make([]float32, tensor{shape: shape}.size())}
		}
		return t
	}
	f := func(name string, shape ...int) []float32 { return get(name, shape...).dequantize() }
	scalar := func(name string) float32 { return f(name, 1)[0] }

	w := &weights{vocab: 8002, lnEps: scalar("ln_epsilon"), l2Eps: scalar("l2_epsilon")}
	if emb := get("embeddings", w.vocab, embedDims); emb.kind == kindQRow {
		w.embQ, w.embScale = emb.q, emb.scales
	} else {
		w.embF = emb.dequantize()
	}
	// The timing signal of position p is sin(p·τ_i) for the 128 timescales
	// τ_i, then cos(p·τ_i): computed in float32 like the graph, the sine in
	// float64 as JavaScript's Math.sin does.
	tau := f("timescales", 1, embedDims/2)
	w.timing = make([]float32, MaxTokens*embedDims)
	for p := range MaxTokens {
		row := w.timing[p*embedDims : (p+1)*embedDims]
		for i, t := range tau {
			x := float64(float32(p) * t)
			row[i] = float32(math.Sin(x))
			row[embedDims/2+i] = float32(math.Cos(x))
		}
	}
	for l, in := range []int{embedDims, modelDims} {
		p := fmt.Sprintf("l%d.", l)
		w.layers[l] = layer{
			in:       in,
			lnScale:  f(p+"ln.scale", in),
			lnBias:   f(p+"ln.bias", in),
			qkvW:     f(p+"qkv.w", in, 3*in),
			qkvB:     f(p+"qkv.b", 3*in),
			qScale:   scalar(p + "q_scale"),
			outW:     f(p+"out.w", in, modelDims),
			outB:     f(p+"out.b", modelDims),
			ffnScale: f(p+"ffn.ln.scale", modelDims),
			ffnBias:  f(p+"ffn.ln.bias", modelDims),
			ffn1W:    f(p+"ffn1.w", modelDims, ffnDims),
			ffn1B:    f(p+"ffn1.b", ffnDims),
			ffn2W:    f(p+"ffn2.w", ffnDims, modelDims),
			ffn2B:    f(p+"ffn2.b", modelDims),
			headDims: in / heads,
			qkvWidth: 3 * in,
		}
	}
	w.layers[0].resW = f("l0.res.w", embedDims, modelDims)
	w.layers[0].resB = f("l0.res.b", modelDims)
	w.finalW = f("final.w", modelDims, dims)
	w.finalB = f("final.b", dims)
	if missing != nil {
		return nil, fmt.Errorf("tensors missing or of the wrong shape: %v", missing)
	}
	return w, nil
}

// workspace holds the buffers of one forward pass over up to rows tokens,
// so that a batch allocates nothing per token; Model keeps them in a pool.
type workspace struct {
	rows                   int
	x                      []float32 // [rows][256]: layer 0's input
	a, ctx                 []float32 // [rows][≤512]: normalised input, attention output
	h, tmp                 []float32 // [rows][512]: residual stream, scratch
	big                    []float32 // [rows][1536]: qkv, then the FFN's hidden layer
	q, kT, v, o, attention []float32 // one head of one text: [128][≤128], [128][128]
	pooled, final          []float32 // [texts][512]
	pooledHidden           []float32 // [texts][1536]
}

func newWorkspace(rows, texts int) *workspace {
	return &workspace{
		rows:         rows,
		x:            make([]float32, rows*embedDims),
		a:            make([]float32, rows*modelDims),
		ctx:          make([]float32, rows*modelDims),
		h:            make([]float32, rows*modelDims),
		tmp:          make([]float32, rows*modelDims),
		big:          make([]float32, rows*ffnDims),
		q:            make([]float32, MaxTokens*modelDims/heads),
		kT:           make([]float32, MaxTokens*modelDims/heads),
		v:            make([]float32, MaxTokens*modelDims/heads),
		o:            make([]float32, MaxTokens*modelDims/heads),
		attention:    make([]float32, MaxTokens*MaxTokens),
		pooled:       make([]float32, texts*modelDims),
		pooledHidden: make([]float32, texts*ffnDims),
		final:        make([]float32, texts*dims),
	}
}

// forward embeds a batch of token sequences (each at most MaxTokens long,
// together at most ws.rows) into out, one unit vector per sequence. It runs
// the graph of model.json: the node names in the comments are its names.
func (w *weights) forward(ws *workspace, seqs [][]int, out [][]float32) {
	n := 0
	for _, s := range seqs {
		n += len(s)
	}
	if n > ws.rows || len(seqs)*modelDims > len(ws.pooled) {
		panic("semantic: batch larger than its workspace") // a wiring bug in Embed
	}

	// Encode/embedding_lookup and AddTimingSignal. Layer_0/add sums the
	// embeddings and AddTimingSignal/add, which already holds them, so the
	// layer reads twice the embedding plus the timing signal.
	x := ws.x[:n*embedDims]
	r := 0
	for _, s := range seqs {
		for p, id := range s {
			row := x[r*embedDims : (r+1)*embedDims]
			w.embedding(row, id)
			timing := w.timing[p*embedDims : (p+1)*embedDims]
			for i := range row {
				row[i] = 2*row[i] + timing[i]
			}
			r++
		}
	}

	// Layer 0: the residual (AdjustResidualInput/dense) is x·W + b at 512.
	l0 := &w.layers[0]
	h := ws.h[:n*modelDims]
	matMulBias(h, x, l0.resW, l0.resB, embedDims)
	w.attend(ws, l0, x, h, seqs)
	w.feedForward(ws, l0, h, n)

	// Layer 1 keeps the residual as it is. Its last product, the FFN's
	// conv2, is linear and only the mean over the tokens is wanted, so it
	// runs once on the mean of the hidden rows instead of once per token
	// (a sixth of the work): mean(h + relu·W2 + b2) = mean(h) + mean(relu)·W2 + b2.
	l1 := &w.layers[1]
	w.attend(ws, l1, h, h, seqs)
	a := ws.a[:n*modelDims]
	layerNorm(a, h, l1.ffnScale, l1.ffnBias, w.lnEps)
	hidden := ws.big[:n*ffnDims]
	matMulBias(hidden, a, l1.ffn1W, l1.ffn1B, modelDims)
	vek32.MaximumNumber_Inplace(hidden, 0)

	// Mean over each sequence's tokens, then hidden_layers/tanh_layer_0 and
	// l2_normalize. The graph divides by max(length, 1): a sequence of no
	// tokens has a mean of zeros.
	pooled := ws.pooled[:len(seqs)*modelDims]
	pooledHidden := ws.pooledHidden[:len(seqs)*ffnDims]
	clear(pooled)
	clear(pooledHidden)
	r = 0
	for j, s := range seqs {
		p := pooled[j*modelDims : (j+1)*modelDims]
		ph := pooledHidden[j*ffnDims : (j+1)*ffnDims]
		for range s {
			vek32.Add_Inplace(p, h[r*modelDims:(r+1)*modelDims])
			vek32.Add_Inplace(ph, hidden[r*ffnDims:(r+1)*ffnDims])
			r++
		}
		vek32.MulNumber_Inplace(p, 1/float32(max(len(s), 1)))
		vek32.MulNumber_Inplace(ph, 1/float32(max(len(s), 1)))
	}
	ffnOut := ws.tmp[:len(seqs)*modelDims]
	matMul(ffnOut, pooledHidden, l1.ffn2W, ffnDims)
	for j, s := range seqs {
		if len(s) > 0 {
			p := pooled[j*modelDims : (j+1)*modelDims]
			vek32.Add_Inplace(p, ffnOut[j*modelDims:(j+1)*modelDims])
			vek32.Add_Inplace(p, l1.ffn2B)
		}
	}
	final := ws.final[:len(seqs)*dims]
	matMulBias(final, pooled, w.finalW, w.finalB, modelDims)
	for j := range seqs {
		v := out[j]
		for i, f := range final[j*dims : (j+1)*dims] {
			v[i] = float32(math.Tanh(float64(f)))
		}
		sum := vek32.Dot(v, v)
		vek32.MulNumber_Inplace(v, float32(1/math.Sqrt(float64(max(sum, w.l2Eps)))))
	}
}

// embedding writes the embedding of token id into row.
func (w *weights) embedding(row []float32, id int) {
	if id < 0 || id >= w.vocab {
		id = 0 // cannot happen with the shipped vocabulary; keeps a bad id safe
	}
	if w.embF != nil {
		copy(row, w.embF[id*embedDims:(id+1)*embedDims])
		return
	}
	s := w.embScale[id]
	for i, q := range w.embQ[id*embedDims : (id+1)*embedDims] {
		row[i] = s * float32(q)
	}
}

// attend adds multi-head self-attention over x (each sequence attends to
// itself only) to the residual h: h += Attention(LayerNorm(x))·W_out + b.
// x may be h itself: it is read before h is written.
func (w *weights) attend(ws *workspace, l *layer, x, h []float32, seqs [][]int) {
	in, n := l.in, len(x)/l.in
	a := ws.a[:n*in]
	layerNorm(a, x, l.lnScale, l.lnBias, w.lnEps)
	qkv := ws.big[:n*l.qkvWidth]
	matMulBias(qkv, a, l.qkvW, l.qkvB, in)

	ctx := ws.ctx[:n*in]
	dh := l.headDims
	r := 0
	for _, s := range seqs {
		t := len(s)
		for hd := range heads {
			q, kT, v, o := ws.q[:t*dh], ws.kT[:dh*t], ws.v[:t*dh], ws.o[:t*dh]
			for i := range t {
				row := qkv[(r+i)*l.qkvWidth:]
				qi := row[hd*dh : (hd+1)*dh]
				ki := row[in+hd*dh : in+(hd+1)*dh]
				copy(v[i*dh:(i+1)*dh], row[2*in+hd*dh:2*in+(hd+1)*dh])
				vek32.MulNumber_Into(q[i*dh:(i+1)*dh], qi, l.qScale)
				for c, k := range ki {
					kT[c*t+i] = k
				}
			}
			scores := ws.attention[:t*t]
			matMul(scores, q, kT, dh)
			for i := range t {
				softmax(scores[i*t : (i+1)*t])
			}
			matMul(o, scores, v, t)
			for i := range t {
				copy(ctx[(r+i)*in+hd*dh:(r+i)*in+(hd+1)*dh], o[i*dh:(i+1)*dh])
			}
		}
		r += t
	}

	out := ws.tmp[:n*modelDims]
	matMulBias(out, ctx, l.outW, l.outB, in)
	vek32.Add_Inplace(h, out)
}

// feedForward adds the feed-forward part to the residual h:
// h += ReLU(LayerNorm(h)·W1 + b1)·W2 + b2.
func (w *weights) feedForward(ws *workspace, l *layer, h []float32, n int) {
	a := ws.a[:n*modelDims]
	layerNorm(a, h, l.ffnScale, l.ffnBias, w.lnEps)
	hidden := ws.big[:n*ffnDims]
	matMulBias(hidden, a, l.ffn1W, l.ffn1B, modelDims)
	vek32.MaximumNumber_Inplace(hidden, 0)
	out := ws.tmp[:n*modelDims]
	matMulBias(out, hidden, l.ffn2W, l.ffn2B, ffnDims)
	vek32.Add_Inplace(h, out)
}

// matMul sets dst (m×p) to x (m×n) times y (n×p), all row-major. vek32 runs
// AVX2 and FMA where the CPU has them, splitting rows over the CPUs for all
// but small products.
func matMul(dst, x, y []float32, n int) {
	if len(x) == 0 {
		return
	}
	vek32.MatMul_Into(dst, x, y, n)
}

// matMulBias sets dst to x·y plus bias on every row.
func matMulBias(dst, x, y, bias []float32, n int) {
	matMul(dst, x, y, n)
	p := len(bias)
	for r := 0; r+p <= len(dst); r += p {
		vek32.Add_Inplace(dst[r:r+p], bias)
	}
}

// layerNorm normalises each row of x (rows of len(scale)) into dst as the
// graph does: scale·rsqrt(var + ε)·(x − mean) + bias.
func layerNorm(dst, x, scale, bias []float32, eps float32) {
	d := len(scale)
	inv := 1 / float32(d)
	for r := 0; r+d <= len(x); r += d {
		row, out := x[r:r+d], dst[r:r+d]
		mean := vek32.Sum(row) * inv
		vek32.SubNumber_Into(out, row, mean)
		variance := vek32.Dot(out, out) * inv
		rs := float32(1 / math.Sqrt(float64(variance+eps)))
		for i, v := range out {
			out[i] = scale[i]*rs*v + bias[i]
		}
	}
}

// softmax replaces the scores of one query by attention weights.
func softmax(s []float32) {
	m := vek32.Max(s)
	var sum float32
	for i, v := range s {
		e := float32(math.Exp(float64(v - m)))
		s[i] = e
		sum += e
	}
	vek32.MulNumber_Inplace(s, 1/sum)
}
