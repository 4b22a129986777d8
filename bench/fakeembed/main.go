// Command fakeembed serves an OpenAI-compatible POST /v1/embeddings on
// loopback with retrieval.NewLocal vectors, so that the whole-process
// benchmarks at 100k passages (BENCHMARKS.md) run `newsbot index` and
// `newsbot ask` with NEWSBOT_EMBEDDER=openai and no model: the local
// USE-Lite embedder would take hours to embed 100k passages on 2 cores.
//
//	go run ./bench/fakeembed -addr 127.0.0.1:18080 -dims 1024
package main

import (
	"context"
	"encoding/json"
	"flag"
	"log"
	"net/http"

	"github.com/newsbot/newsbot/retrieval"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18080", "listen address (keep it on loopback)")
	dims := flag.Int("dims", 1024, "vector size")
	flag.Parse()
	emb := retrieval.NewLocal(*dims)
	http.HandleFunc("POST /v1/embeddings", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Input json.RawMessage `json:"input"`
			Model string          `json:"model"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		var in []string
		if json.Unmarshal(req.Input, &in) != nil {
			var one string
			if json.Unmarshal(req.Input, &one) != nil {
				http.Error(w, "bad input", 400)
				return
			}
			in = []string{one}
		}
		vs, err := emb.Embed(context.Background(), in)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		type item struct {
			Object    string    `json:"object"`
			Embedding []float32 `json:"embedding"`
			Index     int       `json:"index"`
		}
		resp := struct {
			Object string `json:"object"`
			Data   []item `json:"data"`
			Model  string `json:"model"`
		}{Object: "list", Model: req.Model}
		for i, v := range vs {
			resp.Data = append(resp.Data, item{"embedding", v, i})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(resp)
	})
	log.Fatal(http.ListenAndServe(*addr, nil))
}
