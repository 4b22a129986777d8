package bot

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestNewSessionRewritesEveryRESTCall(t *testing.T) {
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Method+" "+r.URL.RequestURI()+" auth="+r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if r.Method == "GET" && strings.HasSuffix(r.URL.Path, "/messages") {
			io.WriteString(w, `[]`)
			return
		}
		io.WriteString(w, `{"id":"1","url":"wss://gateway.example/"}`)
	}))
	defer srv.Close()
	s, err := NewSession("secret", srv.URL+"/proxy/api/v10", discordgo.IntentsGuilds)
	if err != nil {
		t.Fatal(err)
	}
	if s.Identify.Intents != discordgo.IntentsGuilds || s.Token != "Bot secret" {
		t.Errorf("intents %v, token prefix %q", s.Identify.Intents, s.Token[:4])
	}
	if _, err := s.ChannelMessageSend("123", "hi"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ChannelMessages("123", 5, "", "", ""); err != nil {
		t.Fatal(err)
	}
	if gw, err := s.Gateway(); err != nil || gw != "wss://gateway.example/" {
		t.Errorf("Gateway() = %q, %v", gw, err)
	}
	i := &discordgo.Interaction{ID: "9", AppID: "8", Token: "a/b"}
	if err := s.InteractionRespond(i, &discordgo.InteractionResponse{Type: 5}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"POST /proxy/api/v10/channels/123/messages auth=Bot secret",
		"GET /proxy/api/v10/channels/123/messages?limit=5 auth=Bot secret",
		"GET /proxy/api/v10/gateway auth=Bot secret",
		"POST /proxy/api/v10/interactions/9/a/b/callback auth=Bot secret",
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestNewSessionErrors(t *testing.T) {
	if _, err := NewSession(" ", "", 0); err == nil {
		t.Error("empty token accepted")
	}
	for _, base := range []string{"discord.example/api", "ftp://x/", "http://"} {
		if _, err := NewSession("t", base, 0); err == nil || !strings.Contains(err.Error(), base) {
			t.Errorf("base %q: error %v; want one naming it", base, err)
		}
	}
	s, err := NewSession("Bot t", "", 0)
	if err != nil || s.Token != "Bot t" || s.Client.Transport != nil {
		t.Errorf("no base: %v, token %q; want discordgo's own client", err, s.Token)
	}
}

func TestRewriterLeavesOtherHostsAlone(t *testing.T) {
	var seen string
	rt, err := newRewriter("http://proxy.example/api/", roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = r.URL.String()
		return &http.Response{StatusCode: 204, Body: http.NoBody}, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"https://cdn.discordapp.com/avatars/1/x.png":         "https://cdn.discordapp.com/avatars/1/x.png",
		"https://discord.com/api/v9/users/@me":               "http://proxy.example/api/users/@me",
		"https://discord.com/api/v9/channels/1/messages?a=b": "http://proxy.example/api/channels/1/messages?a=b",
		"https://discord.com/other":                          "https://discord.com/other",
	} {
		req, _ := http.NewRequest("GET", in, nil)
		if _, err := rt.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		if seen != want {
			t.Errorf("%s went to %s; want %s", in, seen, want)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
