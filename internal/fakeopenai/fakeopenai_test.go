package fakeopenai

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func post(t *testing.T, c *http.Client, path, key, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, "http://fake.invalid"+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestServer: the key is checked, the script is followed in order (the last
// step repeating), embeddings come back by index, reversed when asked, and
// chat streams the reply with a stop and [DONE].
func TestServer(t *testing.T) {
	s := &Server{Key: "k", Reverse: true, Reply: []string{"a", "b"},
		Embed: func(_ context.Context, in []string) ([][]float32, error) {
			out := make([][]float32, len(in))
			for i, x := range in {
				out[i] = []float32{float32(len(x))}
			}
			return out, nil
		},
		Script: []Step{Status(429, "1"), OK}}
	c := s.Client()
	if code, _ := post(t, c, PathEmbeddings, "wrong", `{"input":["x"]}`); code != http.StatusUnauthorized {
		t.Errorf("wrong key: %d; want 401", code)
	}
	if code, _ := post(t, c, PathEmbeddings, "k", `{"input":["x"]}`); code != http.StatusTooManyRequests {
		t.Errorf("first request: %d; want the scripted 429", code)
	}
	code, body := post(t, c, PathEmbeddings, "k", `{"input":["a","bbb"],"model":"m"}`)
	var res struct {
		Data []struct {
			Index     int
			Embedding []float32
		}
	}
	if err := json.Unmarshal([]byte(body), &res); code != 200 || err != nil || len(res.Data) != 2 ||
		res.Data[0].Index != 1 || res.Data[0].Embedding[0] != 3 {
		t.Errorf("embeddings: %d %s; want two vectors, reversed", code, body)
	}
	code, body = post(t, c, PathChat, "k", `{"stream":true,"messages":[{"role":"user","content":"hi"}]}`)
	if code != 200 || !strings.Contains(body, `"content":"a"`) || !strings.Contains(body, `"stop"`) || !strings.HasSuffix(body, "data: [DONE]\n\n") {
		t.Errorf("chat: %d %q", code, body)
	}
	reqs := s.Requests()
	if len(reqs) != 3 || reqs[1].Model != "m" || reqs[2].Prompt() != "user: hi\n" || s.Count(PathChat) != 1 {
		t.Errorf("recorded %d requests: %+v", len(reqs), reqs)
	}
}
