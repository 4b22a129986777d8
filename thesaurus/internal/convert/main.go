// Command convert turns the WordNet 3.0 database files of Debian's
// wordnet-base package into thesaurus/data/wordnet.gz, the compact link
// table that package thesaurus embeds. See thesaurus/data/README.md for how
// to run it and the package comment of thesaurus for the format.
//
//	go run ./thesaurus/internal/convert -wordnet /tmp/x/usr/share/wordnet -out thesaurus/data/wordnet.gz
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Format is the first line of the decompressed file; package thesaurus
// refuses anything else.
const Format = "newsbot-wordnet-thesaurus 1"

// Part-of-speech bits, shared with package thesaurus.
const (
	posNoun = 1 << iota
	posVerb
	posAdj
	posAdv
)

var posBit = map[byte]uint8{'n': posNoun, 'v': posVerb, 'a': posAdj, 's': posAdj, 'r': posAdv}
var posFile = map[byte]string{'n': "noun", 'v': "verb", 'a': "adj", 'r': "adv"}

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "convert:", err)
		os.Exit(1)
	}
}

type options struct {
	dir       string
	out       string
	senses    int  // keep the first senses of each lemma (WordNet orders them by tag count)
	tagged    bool // also keep every sense with a tag count > 0
	hyperSen  int  // hypernym/hyponym links use only the first senses of each lemma
	mutual    bool // a link needs the shared synset to be a kept sense of both words
	hypoCap   int  // drop hypernym/hyponym links of a synset with more hyponyms than this
	hyper     bool
	deriv     bool
	adjLinks  bool
	multiword bool // keep multi-word lemmas
	attr      bool // adjective <-> noun attribute links ("afraid", "fear")
	member    bool // member holonyms and meronyms of nouns ("troops", "soldier")
}

func run(args []string, stderr io.Writer) error {
	var o options
	fs := flag.NewFlagSet("convert", flag.ContinueOnError)
	fs.StringVar(&o.dir, "wordnet", "/tmp/x/usr/share/wordnet", "directory with data.* index.* *.exc")
	fs.StringVar(&o.out, "out", "thesaurus/data/wordnet.gz", "output file")
	fs.IntVar(&o.senses, "senses", 3, "keep the first `n` senses of each lemma")
	fs.BoolVar(&o.tagged, "tagged", true, "also keep every sense with a tag count > 0")
	fs.IntVar(&o.hyperSen, "hypersenses", 3, "hypernym and hyponym links use only the first `n` senses of each lemma")
	fs.BoolVar(&o.mutual, "mutual", true, "link only through synsets kept as senses of both words")
	fs.IntVar(&o.hypoCap, "hypocap", 40, "skip hypernym/hyponym links of synsets with more than `n` hyponyms")
	fs.BoolVar(&o.hyper, "hyper", true, "include direct hypernyms and hyponyms (nouns, verbs)")
	fs.BoolVar(&o.deriv, "deriv", true, "include derivationally related forms")
	fs.BoolVar(&o.adjLinks, "adj", true, "include similar-to and also-see links of adjectives")
	fs.BoolVar(&o.multiword, "multiword", true, "keep multi-word lemmas")
	fs.BoolVar(&o.attr, "attr", true, "include attribute links between adjectives and nouns")
	fs.BoolVar(&o.member, "member", false, "include member holonyms and meronyms of nouns")
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := load(o.dir)
	if err != nil {
		return err
	}
	g := build(db, o)
	n, err := write(o.out, g)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%d lemmas, %d links, %d exceptions, %d bytes -> %s\n", len(g.names), g.links, len(g.exc), n, o.out)
	return nil
}

// synset is one line of a data.* file.
type synset struct {
	words   []string // lower case, "_" turned into " "
	ptrs    []pointer
	hypos   int // hyponyms and instance hyponyms
	members int // member meronyms
}

type pointer struct {
	sym    string
	target string // key of the target synset
	src    int    // 1-based word number in this synset, 0 for the whole synset
	dst    int    // 1-based word number in the target, 0 for the whole synset
}

type database struct {
	synsets map[string]*synset // key: pos letter (n, v, a, r) + offset
	senses  map[string][]sense // lemma -> senses in WordNet's order
	pos     map[string]uint8
	exc     map[string][]string // inflected form -> base forms
}

type sense struct {
	key    string
	tagged bool
}

func synKey(pos byte, off string) string {
	if pos == 's' {
		pos = 'a'
	}
	return string(pos) + off
}

func norm(w string) string {
	return strings.ToLower(strings.ReplaceAll(w, "_", " "))
}

func load(dir string) (*database, error) {
	db := &database{synsets: map[string]*synset{}, senses: map[string][]sense{}, pos: map[string]uint8{}, exc: map[string][]string{}}
	for _, p := range []byte("nvar") {
		if err := eachLine(filepath.Join(dir, "data."+posFile[p]), func(f []string) error { return db.addSynset(p, f) }); err != nil {
			return nil, err
		}
		if err := eachLine(filepath.Join(dir, "index."+posFile[p]), func(f []string) error { return db.addIndex(p, f) }); err != nil {
			return nil, err
		}
		if err := eachLine(filepath.Join(dir, posFile[p]+".exc"), func(f []string) error {
			w := norm(f[0])
			for _, b := range f[1:] {
				if b = norm(b); b != w && !slices.Contains(db.exc[w], b) {
					db.exc[w] = append(db.exc[w], b)
				}
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return db, nil
}

// eachLine calls fn with the fields of each line that does not start with
// a space (WordNet's licence header lines do).
func eachLine(path string, fn func([]string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for ln := 1; sc.Scan(); ln++ {
		line := sc.Text()
		if line == "" || line[0] == ' ' {
			continue
		}
		if err := fn(strings.Fields(line)); err != nil {
			return fmt.Errorf("%s:%d: %w", path, ln, err)
		}
	}
	return sc.Err()
}

func (db *database) addSynset(pos byte, f []string) error {
	if len(f) < 4 {
		return errors.New("short data line")
	}
	wcnt, err := strconv.ParseInt(f[3], 16, 32)
	if err != nil {
		return err
	}
	s := &synset{}
	i := 4
	for range wcnt {
		w := f[i]
		if j := strings.IndexByte(w, '('); j > 0 { // adjective markers: (a) (p) (ip)
			w = w[:j]
		}
		s.words = append(s.words, norm(w))
		i += 2
	}
	pcnt, err := strconv.Atoi(f[i])
	if err != nil {
		return err
	}
	i++
	for range pcnt {
		st, err := strconv.ParseUint(f[i+3], 16, 16)
		if err != nil {
			return err
		}
		p := pointer{sym: f[i], target: synKey(f[i+2][0], f[i+1]), src: int(st >> 8), dst: int(st & 0xff)}
		if p.sym == "~" || p.sym == "~i" {
			s.hypos++
		}
		if p.sym == "%m" {
			s.members++
		}
		s.ptrs = append(s.ptrs, p)
		i += 4
	}
	db.synsets[synKey(pos, f[0])] = s
	return nil
}

func (db *database) addIndex(pos byte, f []string) error {
	lemma := norm(f[0])
	pcnt, err := strconv.Atoi(f[3])
	if err != nil {
		return err
	}
	i := 4 + pcnt
	tagged, err := strconv.Atoi(f[i+1])
	if err != nil {
		return err
	}
	for k, off := range f[i+2:] {
		db.senses[lemma] = append(db.senses[lemma], sense{key: synKey(pos, off), tagged: k < tagged})
	}
	db.pos[lemma] |= posBit[pos]
	return nil
}

type graph struct {
	names []string
	pos   []uint8
	adj   [][]uint32 // neighbours with a larger id only
	exc   map[string][]uint32
	links int
}

func build(db *database, o options) *graph {
	keep := func(l string) bool { return o.multiword || !strings.Contains(l, " ") }
	// kept[lemma] = set of synset keys kept as its senses.
	// core[lemma] = the senses that take part in hypernym/hyponym links;
	// a link one step up or down a rare sense is mostly noise
	// ("accept" -> "receive").
	kept := map[string]map[string]bool{}
	core := map[string]map[string]bool{}
	for l, ss := range db.senses {
		if !keep(l) {
			continue
		}
		m, c := map[string]bool{}, map[string]bool{}
		// Senses are per part of speech; keep the first o.senses of each.
		count := map[byte]int{}
		for _, s := range ss {
			p := s.key[0]
			if count[p] < o.senses || (o.tagged && s.tagged) {
				m[s.key] = true
			}
			if count[p] < o.hyperSen {
				c[s.key] = true
			}
			count[p]++
		}
		kept[l], core[l] = m, c
	}
	links := map[[2]string]bool{}
	add := func(a, b, viaKey string, senses map[string]map[string]bool) {
		if a == b || !keep(b) {
			return
		}
		if o.mutual && !senses[b][viaKey] {
			return
		}
		if a > b {
			a, b = b, a
		}
		links[[2]string{a, b}] = true
	}
	for l, m := range kept {
		for key := range m {
			s := db.synsets[key]
			self := slices.Index(s.words, l) + 1
			for _, w := range s.words {
				add(l, w, key, kept)
			}
			for _, p := range s.ptrs {
				if p.src != 0 && p.src != self {
					continue
				}
				t := db.synsets[p.target]
				var ok bool
				senses := kept
				switch p.sym {
				case "+":
					ok = o.deriv
				case "@", "@i":
					ok = o.hyper && (key[0] == 'n' || key[0] == 'v') && t.hypos <= o.hypoCap && core[l][key]
					senses = core
				case "~", "~i":
					ok = o.hyper && (key[0] == 'n' || key[0] == 'v') && s.hypos <= o.hypoCap && core[l][key]
					senses = core
				case "&", "^":
					ok = o.adjLinks && key[0] == 'a'
				case "=":
					ok = o.attr
				case "#m":
					ok = o.member && t.members <= o.hypoCap
				case "%m":
					ok = o.member && s.members <= o.hypoCap
				}
				if !ok {
					continue
				}
				for k, w := range t.words {
					if p.dst == 0 || p.dst == k+1 {
						add(l, w, p.target, senses)
					}
				}
			}
		}
	}
	g := &graph{exc: map[string][]uint32{}}
	for l := range db.pos {
		if keep(l) {
			g.names = append(g.names, l)
		}
	}
	slices.Sort(g.names)
	id := make(map[string]uint32, len(g.names))
	for i, n := range g.names {
		id[n] = uint32(i)
		g.pos = append(g.pos, db.pos[n])
	}
	g.adj = make([][]uint32, len(g.names))
	for ab := range links {
		a, b := id[ab[0]], id[ab[1]]
		g.adj[a] = append(g.adj[a], b)
		g.links++
	}
	for i := range g.adj {
		slices.Sort(g.adj[i])
	}
	for w, bases := range db.exc {
		for _, b := range bases {
			if i, ok := id[b]; ok {
				g.exc[w] = append(g.exc[w], i)
			}
		}
	}
	return g
}

// write stores g in the format described in package thesaurus and returns
// the compressed size.
func write(path string, g *graph) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriter(zw)
	fmt.Fprintf(w, "%s\n%d\n", Format, len(g.names))
	for _, n := range g.names {
		w.WriteString(n)
		w.WriteByte('\n')
	}
	var buf [binary.MaxVarintLen64]byte
	uv := func(x uint64) { w.Write(buf[:binary.PutUvarint(buf[:], x)]) }
	for i, ns := range g.adj {
		w.WriteByte(g.pos[i])
		uv(uint64(len(ns)))
		prev := uint32(i)
		for _, n := range ns {
			uv(uint64(n - prev))
			prev = n
		}
	}
	forms := make([]string, 0, len(g.exc))
	for w := range g.exc {
		forms = append(forms, w)
	}
	slices.Sort(forms)
	uv(uint64(len(forms)))
	for _, form := range forms {
		w.WriteString(form)
		w.WriteByte('\n')
		uv(uint64(len(g.exc[form])))
		for _, b := range g.exc[form] {
			uv(uint64(b))
		}
	}
	err = errors.Join(w.Flush(), zw.Close())
	st, serr := f.Stat()
	if err = errors.Join(err, serr, f.Close()); err != nil {
		return 0, err
	}
	return st.Size(), nil
}
