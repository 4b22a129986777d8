package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/newsbot/newsbot/answerlog"
	"github.com/newsbot/newsbot/internal/childtest"
	"github.com/newsbot/newsbot/internal/fakeopenai"
)

// relFake is the fake OpenAI-compatible API (internal/fakeopenai) with
// deterministic unit vectors of 16 word-hash features; before answering
// each request it calls hook (when set) with the request's number, from 1.
func relFake(t *testing.T, hook func(n int)) (baseURL string) {
	f := &fakeopenai.Server{T: t, Key: "sk-test", Embed: relVectors}
	if hook != nil {
		f.Script = []fakeopenai.Step{func(s *fakeopenai.Server, w http.ResponseWriter, r *fakeopenai.Request) {
			hook(r.N)
			fakeopenai.OK(s, w, r)
		}}
	}
	return f.Start(t)
}

func relVectors(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, text := range texts {
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
		out[i] = v
	}
	return out, nil
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

// TestIndexKilledChild is the child's side: `newsbot index` against an
// embeddings endpoint in this process that kills the process (SIGKILL)
// when the third batch is asked for. It does nothing in a normal run.
func TestIndexKilledChild(t *testing.T) {
	if childtest.Mode() == "" {
		t.Skip("only run as a child of TestIndexKilled")
	}
	url := relFake(t, func(n int) {
		if n == 3 {
			fmt.Println("killing at batch 3")
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	})
	vars := map[string]string{"NEWSBOT_DATA_DIR": os.Getenv("NEWSBOT_DATA_DIR"), "NEWSBOT_CORPUS_DIR": os.Getenv("NEWSBOT_CORPUS_DIR"),
		"NEWSBOT_EMBEDDER": "openai", "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": url, "HOME": t.TempDir()}
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
	vars := map[string]string{"NEWSBOT_DATA_DIR": data, "NEWSBOT_CORPUS_DIR": corpusDir, "NEWSBOT_EMBEDDER": "openai",
		"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": relFake(t, nil), "HOME": root}

	relCorpus(t, corpusDir, 5)
	first, err := relIndex(t, vars)
	if err != nil {
		t.Fatal(err)
	}
	relCorpus(t, corpusDir, 60) // the corpus grows: several batches of 64 to embed

	child := childtest.Run(t, "TestIndexKilledChild", "kill", []string{"NEWSBOT_DATA_DIR=" + data, "NEWSBOT_CORPUS_DIR=" + corpusDir}, nil)
	if !child.Killed || !slices.Contains(child.Lines, "killing at batch 3") {
		t.Fatalf("child: killed %v, output %q; want it killed at batch 3", child.Killed, child.Lines)
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
