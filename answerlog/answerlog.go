// Package answerlog stores every answer the bot gave (question, passages
// with scores, citations, model, prompt version, timings, feedback) in an
// embedded bbolt database, so that buttons, "Show sources" and moderators
// can look an answer up again after a restart.
//
// Each write is one bbolt transaction: once Put or Feedback returns nil the
// record survives a crash of the process or the machine.
package answerlog

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// ErrNotFound is returned (wrapped) when no record matches an id.
var ErrNotFound = errors.New("answer not found")

// Bucket names. The schema version lives in the meta bucket so a later
// layout can migrate older files.
var (
	bucketAnswers  = []byte("answers")  // answer id -> JSON Record
	bucketMessages = []byte("messages") // Discord message id -> answer id
	bucketCreated  = []byte("created")  // 8-byte big-endian unix nanos + answer id -> nil, for Prune
	bucketMeta     = []byte("meta")
	keyVersion     = []byte("version")
)

const schemaVersion = "1"

// Record is one answer as the bot showed it.
type Record struct {
	ID                string     `json:"id"`                            // answer id; custom ids of buttons carry it
	MessageIDs        []string   `json:"message_ids,omitempty"`         // the bot's messages that show the answer
	InteractionID     string     `json:"interaction_id,omitempty"`      // the slash command, "" for channel questions
	QuestionMessageID string     `json:"question_message_id,omitempty"` // the user's message, "" for slash commands
	ParentID          string     `json:"parent_id,omitempty"`           // the answer this one follows up, if any
	GuildID           string     `json:"guild_id,omitempty"`
	ChannelID         string     `json:"channel_id,omitempty"`
	UserID            string     `json:"user_id,omitempty"`
	Kind              string     `json:"kind"` // ask, mention, channel, followup, summary, compare
	Question          string     `json:"question"`
	Standalone        string     `json:"standalone,omitempty"` // the question retrieval saw, if rewritten
	Answer            string     `json:"answer"`
	Refused           bool       `json:"refused,omitempty"`
	Mode              string     `json:"mode,omitempty"` // llm or extractive
	Model             string     `json:"model,omitempty"`
	PromptVersion     string     `json:"prompt_version,omitempty"`
	Fallback          string     `json:"fallback,omitempty"`
	Reason            string     `json:"reason,omitempty"`    // why it answered or refused, with the signals that decided
	Passages          []Passage  `json:"passages,omitempty"`  // every passage given to the model, in prompt order
	Citations         []Citation `json:"citations,omitempty"` // in order of N
	Timings           Timings    `json:"timings"`
	Created           time.Time  `json:"created"`
	// Feedback maps a user id to true (helpful) or false (not helpful);
	// a user's later vote replaces the earlier one.
	Feedback map[string]bool `json:"feedback,omitempty"`
}

// Passage is one retrieved passage with its scores.
type Passage struct {
	N            int     `json:"n"` // its number in the prompt, from 1
	ChunkID      string  `json:"chunk_id"`
	ArticleID    string  `json:"article_id,omitempty"`
	Title        string  `json:"title,omitempty"`
	Outlet       string  `json:"outlet,omitempty"`
	Published    string  `json:"published,omitempty"` // YYYY-MM-DD, "" when unknown
	URL          string  `json:"url,omitempty"`
	Text         string  `json:"text"`
	Score        float64 `json:"score"`
	DenseScore   float64 `json:"dense_score,omitempty"`
	LexicalScore float64 `json:"lexical_score,omitempty"`
}

// Citation ties a marker [N] of the answer to a passage.
type Citation struct {
	N        int    `json:"n"`
	ChunkID  string `json:"chunk_id"`
	Sentence string `json:"sentence,omitempty"`
	Verified bool   `json:"verified,omitempty"`
}

// Timings records where the time of one answer went.
type Timings struct {
	Queue      time.Duration `json:"queue,omitempty"`
	Retrieve   time.Duration `json:"retrieve,omitempty"`
	FirstToken time.Duration `json:"first_token,omitempty"`
	Total      time.Duration `json:"total,omitempty"`
}

// Votes counts the feedback on a record.
func (r *Record) Votes() (helpful, notHelpful int) {
	for _, v := range r.Feedback {
		if v {
			helpful++
		} else {
			notHelpful++
		}
	}
	return helpful, notHelpful
}

// Log is an open answer log. It is safe for concurrent use.
type Log struct {
	path string
	db   *bolt.DB
}

// Open opens (creating if needed, with its folder) the answer log at path.
// A file that is not a valid log, one cut short (it holds fewer pages than
// its last transaction wrote), one so damaged that bbolt panics on it, or
// one locked by another process for more than a second, is an error naming
// the path; the process never crashes on a bad file.
func Open(path string) (*Log, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open answer log %s: %w", path, err)
	}
	if err := checkSize(path); err != nil {
		return nil, fmt.Errorf("open answer log %s (move it away to start a new one): %w", path, err)
	}
	db, err := openBolt(path)
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			return nil, fmt.Errorf("open answer log %s: locked by another process: %w", path, err)
		}
		return nil, fmt.Errorf("open answer log %s (not a valid answer log? move it away to start a new one): %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketAnswers, bucketMessages, bucketCreated, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		switch v := meta.Get(keyVersion); {
		case v == nil:
			return meta.Put(keyVersion, []byte(schemaVersion))
		case string(v) != schemaVersion:
			return fmt.Errorf("schema version %q, want %q", v, schemaVersion)
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open answer log %s: %w", path, err)
	}
	return &Log{path: path, db: db}, nil
}

// openBolt opens the bbolt file, turning a panic of bbolt on a damaged
// file (it panics, for one, on a freelist page that is not one) into an
// error, so that a bad file stops the command with its path instead of
// crashing the process.
func openBolt(path string) (db *bolt.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("damaged database: %v", r)
		}
	}()
	return bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
}

// errTruncated marks a log file shorter than its own meta page says.
var errTruncated = errors.New("truncated")

// checkSize fails when the file at path is a bbolt database whose newest
// valid meta page counts more pages than the file holds: a copy or a disk
// that lost the file's end. bbolt does not check this itself, and reading
// a page past the end of its memory map would crash the process (SIGBUS)
// or panic, so Open refuses such a file up front. A missing, empty or
// unrecognised file is left to bbolt.
func checkSize(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // missing: bbolt creates it; unreadable: bbolt says why
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return nil
	}
	// A page header is 16 bytes; the meta follows: magic, version, page
	// size, flags (4 bytes each), root bucket (16), freelist, high water
	// mark (page count), txid, checksum (8 each, native byte order). The
	// checksum is FNV-64a of the 56 bytes before it.
	const hdr, metaLen, magic = 16, 64, 0xED0CDAED
	read := func(off int64) (pageSize uint32, pages, txid uint64, ok bool) {
		var m [metaLen]byte
		if _, err := f.ReadAt(m[:], off+hdr); err != nil {
			return 0, 0, 0, false
		}
		e := binary.NativeEndian
		h := fnv.New64a()
		h.Write(m[:56])
		if e.Uint32(m[0:]) != magic || e.Uint64(m[56:]) != h.Sum64() {
			return 0, 0, 0, false
		}
		return e.Uint32(m[8:]), e.Uint64(m[40:]), e.Uint64(m[48:]), true
	}
	ps, pages, txid, ok := read(0)
	if !ok {
		ps = uint32(os.Getpagesize())
	}
	if ps2, pages2, txid2, ok2 := read(int64(ps)); ok2 && (!ok || txid2 > txid) {
		ps, pages, ok = ps2, pages2, true
	}
	if !ok {
		return nil
	}
	if need := int64(pages) * int64(ps); fi.Size() < need {
		return fmt.Errorf("%w: the file has %d bytes, its last transaction needs %d", errTruncated, fi.Size(), need)
	}
	return nil
}

// Path is the file the log lives in.
func (l *Log) Path() string { return l.path }

// Close closes the database file.
func (l *Log) Close() error {
	if err := l.db.Close(); err != nil {
		return fmt.Errorf("close answer log %s: %w", l.path, err)
	}
	return nil
}

// Put stores rec, replacing a record with the same ID; an empty ID is an
// error (the bot's ids are the interaction's or the question message's). A
// zero Created is set to now and written back to rec. Each of
// rec.MessageIDs then finds the record through ByMessage.
func (l *Log) Put(ctx context.Context, rec *Record) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("answer log %s: put %s: %w", l.path, rec.ID, err)
	}
	if rec.ID == "" {
		return fmt.Errorf("answer log %s: put: %w", l.path, ErrNoID)
	}
	if rec.Created.IsZero() {
		rec.Created = time.Now().UTC()
	}
	err := l.db.Update(func(tx *bolt.Tx) error {
		answers := tx.Bucket(bucketAnswers)
		created := tx.Bucket(bucketCreated)
		if old := answers.Get([]byte(rec.ID)); old != nil {
			var prev Record
			if err := json.Unmarshal(old, &prev); err == nil {
				if err := created.Delete(createdKey(prev.Created, prev.ID)); err != nil {
					return err
				}
				if rec.Feedback == nil {
					rec.Feedback = prev.Feedback
				}
			}
		}
		data, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		if err := answers.Put([]byte(rec.ID), data); err != nil {
			return err
		}
		if err := created.Put(createdKey(rec.Created, rec.ID), nil); err != nil {
			return err
		}
		return putMessages(tx, rec.ID, rec.MessageIDs)
	})
	if err != nil {
		return fmt.Errorf("answer log %s: put %s: %w", l.path, rec.ID, err)
	}
	return nil
}

// ErrNoID is Put's error for a record without an ID.
var ErrNoID = errors.New("record has no id")

// Get returns the record with the answer id, or an error wrapping
// ErrNotFound.
func (l *Log) Get(ctx context.Context, id string) (*Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("answer log %s: get %s: %w", l.path, id, err)
	}
	var rec *Record
	err := l.db.View(func(tx *bolt.Tx) error {
		var err error
		rec, err = get(tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("answer log %s: get %s: %w", l.path, id, err)
	}
	return rec, nil
}

// ByMessage returns the record shown by the Discord message id, or an error
// wrapping ErrNotFound.
func (l *Log) ByMessage(ctx context.Context, messageID string) (*Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("answer log %s: get message %s: %w", l.path, messageID, err)
	}
	var rec *Record
	err := l.db.View(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketMessages).Get([]byte(messageID))
		if id == nil {
			return ErrNotFound
		}
		var err error
		rec, err = get(tx, string(id))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("answer log %s: get message %s: %w", l.path, messageID, err)
	}
	return rec, nil
}

// Feedback records userID's vote on the answer id: helpful or not. A later
// vote by the same user replaces the earlier one. It returns the record as
// stored.
func (l *Log) Feedback(ctx context.Context, id, userID string, helpful bool) (*Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("answer log %s: feedback on %s: %w", l.path, id, err)
	}
	var rec *Record
	err := l.db.Update(func(tx *bolt.Tx) error {
		var err error
		rec, err = get(tx, id)
		if err != nil {
			return err
		}
		if rec.Feedback == nil {
			rec.Feedback = map[string]bool{}
		}
		rec.Feedback[userID] = helpful
		return put(tx, rec)
	})
	if err != nil {
		return nil, fmt.Errorf("answer log %s: feedback on %s: %w", l.path, id, err)
	}
	return rec, nil
}

// pruneBatch bounds one Prune transaction, so a large prune does not hold
// the single writer lock for long.
const pruneBatch = 500

// Prune deletes every record created before olderThan, with its message
// links, and returns how many it deleted. It works in batches and stops
// early, returning the count so far, when ctx ends.
func (l *Log) Prune(ctx context.Context, olderThan time.Time) (int, error) {
	limit := createdKey(olderThan, "")
	total := 0
	for {
		if err := ctx.Err(); err != nil {
			return total, fmt.Errorf("answer log %s: prune: %w", l.path, err)
		}
		n := 0
		err := l.db.Update(func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketCreated).Cursor()
			answers := tx.Bucket(bucketAnswers)
			messages := tx.Bucket(bucketMessages)
			for k, _ := c.First(); k != nil && bytes.Compare(k, limit) < 0 && n < pruneBatch; k, _ = c.First() {
				id := k[8:]
				if data := answers.Get(id); data != nil {
					var rec Record
					if json.Unmarshal(data, &rec) == nil {
						for _, m := range rec.MessageIDs {
							if err := messages.Delete([]byte(m)); err != nil {
								return err
							}
						}
					}
					if err := answers.Delete(id); err != nil {
						return err
					}
				}
				if err := c.Delete(); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		total += n
		if err != nil {
			return total, fmt.Errorf("answer log %s: prune: %w", l.path, err)
		}
		if n < pruneBatch {
			return total, nil
		}
	}
}

// Len returns the number of records.
func (l *Log) Len() (int, error) {
	n := 0
	err := l.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketAnswers).Stats().KeyN
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("answer log %s: count: %w", l.path, err)
	}
	return n, nil
}

func get(tx *bolt.Tx, id string) (*Record, error) {
	data := tx.Bucket(bucketAnswers).Get([]byte(id))
	if data == nil {
		return nil, ErrNotFound
	}
	var rec Record
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, fmt.Errorf("decode record: %w", err)
	}
	return &rec, nil
}

func put(tx *bolt.Tx, rec *Record) error {
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketAnswers).Put([]byte(rec.ID), data)
}

func putMessages(tx *bolt.Tx, id string, messageIDs []string) error {
	b := tx.Bucket(bucketMessages)
	for _, m := range messageIDs {
		if m == "" {
			continue
		}
		if err := b.Put([]byte(m), []byte(id)); err != nil {
			return err
		}
	}
	return nil
}

// createdKey orders records by creation time; times before 1970 clamp to 0.
func createdKey(t time.Time, id string) []byte {
	k := make([]byte, 8, 8+len(id))
	n := t.UnixNano()
	if n < 0 {
		n = 0
	}
	binary.BigEndian.PutUint64(k, uint64(n))
	return append(k, id...)
}
