// Package answer turns a question into a verified, cited Answer: it
// retrieves passages, asks a chat model (or, without one, extracts
// sentences), and checks every citation against the passages it was given.
// It also makes summaries and outlet-by-outlet comparisons.
package answer

import (
	"context"
	"time"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/retrieval"
)

// Modes of an Answer.
const (
	ModeLLM        = "llm"
	ModeExtractive = "extractive"
)

// Answer is the result of one question. Every [n] in Text has its Citation,
// and every Citation is cited in Text.
type Answer struct {
	Question      string          // the question as asked
	Standalone    string          // the question retrieval saw (rewritten follow-up), "" if same
	Text          string          // the answer with [n] markers
	Refused       bool            // the coverage does not answer the question
	Reason        Reason          // why it answered or refused
	Mode          string          // ModeLLM or ModeExtractive
	Citations     []Citation      // in order of n, dense from 1
	Unsupported   []string        // sentences of Text that carry no valid citation, or whose citations do not support them
	Hits          []retrieval.Hit // every passage retrieved and given to the model, in prompt order
	Model         string          // chat model name, "" in extractive mode
	PromptVersion string          // version of the prompt template used
	Fallback      string          // why an LLM answer fell back to extractive, "" otherwise
	LexicalOnly   bool            // the passages were found by words alone: the question could not be embedded
	// Respelled maps each question word typed one letter wrong to the
	// coverage's spelling it was read as (respell); the reason's variants
	// show them.
	Respelled map[string]string `json:"-"`
	Timings   Timings
	TokensIn  int  // prompt tokens the server reported (0 if it did not)
	TokensOut int  // completion tokens the server reported (0 if it did not)
	Cached    bool // the answer came from the summary cache, no model call was made
}

// Citation ties a marker [N] to the passage it points at.
type Citation struct {
	N        int
	Hit      retrieval.Hit // the cited passage and its scores
	Sentence string        // the sentence of the passage that best supports the claim
	Verified bool          // the citing sentence's numbers and names appear in the passage
}

// Timings records where the time of one answer went.
type Timings struct {
	Retrieve   time.Duration
	FirstToken time.Duration // 0 in extractive mode
	Total      time.Duration
}

// Turn is one earlier exchange of a conversation, oldest first.
type Turn struct {
	Question string
	Answer   string
}

// Request is one question with optional conversation history.
type Request struct {
	Question string
	History  []Turn
	// OnDelta, when set, receives the answer text as it grows (LLM mode),
	// or once with the whole text (extractive mode). An error stops the answer.
	// Streamed markers are already checked and renumbered; the final
	// Answer.Text may differ in spacing, and when the model fails midway
	// OnDelta then receives the whole extractive fallback text, so a caller
	// showing a live draft should replace it with Answer.Text at the end.
	OnDelta func(delta string) error
}

// Searcher finds passages for a query: what the answerer needs of retrieval.
type Searcher interface {
	Search(ctx context.Context, query string, k int) ([]retrieval.Hit, error)
}

// Passager lists every passage of the corpus: what Summary and Compare need
// beyond search. *retrieval.Index has this method.
type Passager interface {
	Passages() []corpus.Passage
}

// Message is one chat message.
type Message struct {
	Role    string // "system", "user" or "assistant"
	Content string
}

// Usage is the token count a server reports for one request.
type Usage struct {
	PromptTokens     int
	CompletionTokens int
}

// ChatRequest is one request to a chat model.
type ChatRequest struct {
	Messages  []Message
	MaxTokens int         // 0 means the model's default
	OnUsage   func(Usage) // called when the server reports token usage; may be nil
}

// ChatModel is a streaming chat model. Stream calls fn with each piece of the
// answer in order and returns nil only when the answer ended normally; an
// error from fn stops the stream and is returned.
type ChatModel interface {
	Stream(ctx context.Context, req ChatRequest, fn func(delta string) error) error
}
