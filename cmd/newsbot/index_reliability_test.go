package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/newsbot/newsbot/answerlog"
)

// relEmbedHandler is an OpenAI-compatible /v1/embeddings endpoint with
// deterministic unit vectors; before each request it calls hook (when
// set) with the request's number, from 1.
func relEmbedHandler(hook func(n int64)) http.Handler {
	var n atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/embeddings" {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		if hook != nil {
			hook(n.Add(1))
		}
		var req struct {
			Input []string `json:"input"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		type item struct {
			Object    string    `json:"object"`
			Embedding []float32 `json:"embedding"`
			Index     int       `json:"index"`
		}
		data := make([]item, len(req.Input))
		for i, text := range req.Input {
			v := make([]float32, 16)
			var norm float64
			for _, word := range strings.Fields(strings.ToLower(text)) {
				h := fnv.New32a()
				h.Write([]byte(word))
				v[h.Sum32()%16]++
			}
			v[0] += 0.01
			for _, x := range v {
				norm += float64(x) * float64(x)
			}
			for j := range v {
				v[j] /= float32(math.Sqrt(norm))
			}
			data[i] = item{"embedding", v, i}
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data, "model": "m"})
	})
}

// relCorpus writes n articles of 6 paragraphs each into a new folder.
func relCorpus(t *testing.T, dir string, n int) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for a := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "---\nid: port-%03d\ntitle: Strike at port %d\noutlet: Coastal Herald\npublished: 2025-06-02\n---\n", a, a)
		for p := range 6 {
			fmt.Fprintf(&b, "Dock workers at port %d walked out on day %d over pay, the union said. About %d workers joined the strike at berth %d. "+
				"Managers said %d ships were waiting offshore while talks continued. The mediator expected an answer by Friday.\n\n", a, p, 100+a*7+p, p, a+p)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("port-%03d.md", a)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func relEnv(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// relIndex runs `newsbot index --json` in this process.
func relIndex(t *testing.T, vars map[string]string) (map[string]int, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"index", "--json"}, relEnv(vars), &out, &errb)
	if err != nil {
		return nil, err
	}
	var res map[string]int
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("index --json printed %q: %v", out.String(), err)
	}
	return res, nil
}

// relChild marks the child process of TestIndexKilled.
const relChild = "NEWSBOT_TEST_INDEX_CHILD"

// TestIndexKilledChild is the child's side: `newsbot index` against an
// embeddings endpoint in this process that kills the process (SIGKILL)
// when the third batch is asked for. It does nothing in a normal run.
func TestIndexKilledChild(t *testing.T) {
	if os.Getenv(relChild) == "" {
		t.Skip("only run as a child of TestIndexKilled")
	}
	srv := httptest.NewServer(relEmbedHandler(func(n int64) {
		if n == 3 {
			fmt.Println("killing at batch 3")
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	}))
	vars := map[string]string{"NEWSBOT_DATA_DIR": os.Getenv("NEWSBOT_DATA_DIR"), "NEWSBOT_CORPUS_DIR": os.Getenv("NEWSBOT_CORPUS_DIR"),
		"NEWSBOT_EMBEDDER": "openai", "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": srv.URL + "/v1", "HOME": t.TempDir()}
	_, err := relIndex(t, vars)
	fmt.Printf("index finished: %v\n", err)
	os.Exit(0)
}

// TestIndexKilled: `newsbot index` is killed (SIGKILL) in the middle of
// embedding a grown corpus. The next `newsbot index` starts from the last
// good index, embeds only what is missing and completes; the one after
// embeds nothing.
func TestIndexKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a child process")
	}
	root := t.TempDir()
	data, corpusDir := filepath.Join(root, "data"), filepath.Join(root, "corpus")
	srv := httptest.NewServer(relEmbedHandler(nil))
	defer srv.Close()
	vars := map[string]string{"NEWSBOT_DATA_DIR": data, "NEWSBOT_CORPUS_DIR": corpusDir, "NEWSBOT_EMBEDDER": "openai",
		"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": srv.URL + "/v1", "HOME": root}

	relCorpus(t, corpusDir, 5)
	first, err := relIndex(t, vars)
	if err != nil {
		t.Fatal(err)
	}
	relCorpus(t, corpusDir, 60) // the corpus grows: several batches of 64 to embed

	cmd := exec.Command(os.Args[0], "-test.run=^TestIndexKilledChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), relChild+"=1", "NEWSBOT_DATA_DIR="+data, "NEWSBOT_CORPUS_DIR="+corpusDir)
	out, err := cmd.Output()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || !strings.Contains(string(out), "killing at batch 3") {
		t.Fatalf("child: %v, output %q; want it killed at batch 3", err, out)
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("child ended with %v; want killed", err)
	}

	res, err := relIndex(t, vars)
	if err != nil {
		t.Fatalf("index after the kill: %v", err)
	}
	if res["unchanged"] != first["passages"] || res["added"] != res["passages"]-first["passages"] || res["embedded"] != res["added"] {
		t.Errorf("index after the kill: %v; want the first %d passages unchanged and only the rest embedded", res, first["passages"])
	}
	again, err := relIndex(t, vars)
	if err != nil || again["embedded"] != 0 || again["unchanged"] != res["passages"] {
		t.Errorf("index once more: %v, %v; want nothing embedded", again, err)
	}
	t.Logf("killed at batch 3 of %d passages; restart: %v", res["passages"], res)
}

// TestDataFolderUnusable: a data folder that cannot be used (a file in
// its place, as with a wrong mount) stops `index` with a message naming
// the path.
func TestDataFolderUnusable(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "data")
	if err := os.WriteFile(file, []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{file, filepath.Join(file, "nested")} {
		_, err := relIndex(t, map[string]string{"NEWSBOT_DATA_DIR": dir, "HOME": root})
		if err == nil || !strings.Contains(err.Error(), dir) {
			t.Errorf("index with NEWSBOT_DATA_DIR=%s: %v; want an error naming it", dir, err)
		}
	}
}

// TestIndexDamagedSnapshot: the index file on disk is damaged (cut short);
// `index` warns naming the file, moves it aside and rebuilds from the
// corpus.
func TestIndexDamagedSnapshot(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data")
	vars := map[string]string{"NEWSBOT_DATA_DIR": data, "HOME": root}
	first, err := relIndex(t, vars)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(data, "index", "*"))
	if len(files) != 1 {
		t.Fatalf("index files %v; want one snapshot", files)
	}
	b, _ := os.ReadFile(files[0])
	if err := os.WriteFile(files[0], b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"index", "--json"}, relEnv(vars), &out, &errb); err != nil {
		t.Fatalf("index over a damaged snapshot: %v", err)
	}
	var res map[string]int
	json.Unmarshal(out.Bytes(), &res)
	if res["added"] != first["passages"] || !strings.Contains(errb.String(), files[0]) {
		t.Errorf("index over a damaged snapshot: %v, stderr %q; want a rebuild and a warning naming %s", res, errb.String(), files[0])
	}
}

// TestServeTruncatedAnswerLog: the answer log in the data folder lost its
// end (a partial copy, a disk fault). serve stops with an error naming the
// file instead of crashing (bbolt panics, or faults past its memory map,
// on such a file).
func TestServeTruncatedAnswerLog(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data")
	path := filepath.Join(data, "answers.db")
	lg, err := answerlog.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for n := range 300 {
		rec := &answerlog.Record{ID: fmt.Sprint("r", n), Kind: "ask", Question: strings.Repeat("q", 400), Answer: strings.Repeat("a", 400)}
		if err := lg.Put(context.Background(), rec); err != nil {
			t.Fatal(err)
		}
	}
	lg.Close()
	fi, _ := os.Stat(path)
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"NEWSBOT_DATA_DIR": data, "HOME": root, "DISCORD_TOKEN": "secret-token-for-serve",
		"NEWSBOT_DISCORD_API_URL": "http://127.0.0.1:1/api/v10/", "NEWSBOT_HTTP_ADDR": "127.0.0.1:0", "NEWSBOT_LOG_FORMAT": "json"}
	var out, errb bytes.Buffer
	err = run(context.Background(), []string{"serve"}, relEnv(vars), &out, &errb)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("serve over a truncated answer log: %v; want an error naming %s\n%s", err, path, errb.String())
	}
	if strings.Contains(err.Error()+out.String()+errb.String(), "secret-token-for-serve") {
		t.Error("serve output shows the Discord token")
	}
}
