package qa

// Temporary stand-in for the retrieval layer (tokenize.go, stem.go,
// index.go, bm25.go replace it and delete this file). The exported API here
// is the contract the answer layer builds on.

import (
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/newsdesk/newsdesk/corpus"
)

// Token is one word of an analysed text.
type Token struct {
	Text       string // as written in the text
	Term       string // case-folded and stemmed: what the index matches on
	Start, End int    // byte offsets into the analysed text
	Stop       bool   // a stop word of the text's language
}

// Analyze splits text into tokens and stems them by the rules of lang.
func Analyze(text, lang string) []Token {
	var toks []Token
	start := -1
	for i, r := range text + " " {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			w := text[start:i]
			toks = append(toks, Token{Text: w, Term: strings.ToLower(w), Start: start, End: i})
			start = -1
		}
	}
	return toks
}

// Options tune ranking.
type Options struct {
	K1, B      float64 // BM25 term saturation and length normalisation
	TitleBoost float64 // weight of a title match relative to a body match
	Window     int     // sentences on each side of a hit that make its passage
}

// DefaultOptions returns the ranking parameters chosen by evaluation.
func DefaultOptions() Options { return Options{K1: 1.2, B: 0.75, TitleBoost: 2, Window: 1} }

// Index is an inverted index over the passages of a corpus. It is safe for
// concurrent use: documents added while it serves searches are found at once.
type Index struct {
	opts Options
	mu   sync.RWMutex
	docs []*corpus.Document
	byID map[int64]*corpus.Document
}

// NewIndex returns an empty index.
func NewIndex(opts Options) *Index {
	return &Index{opts: opts, byID: map[int64]*corpus.Document{}}
}

// Add indexes documents.
func (ix *Index) Add(docs ...*corpus.Document) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, d := range docs {
		ix.docs = append(ix.docs, d)
		ix.byID[d.ID] = d
	}
}

// Len returns the number of documents indexed.
func (ix *Index) Len() int { ix.mu.RLock(); defer ix.mu.RUnlock(); return len(ix.docs) }

// Doc returns the indexed document with the given ID, or nil.
func (ix *Index) Doc(id int64) *corpus.Document {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.byID[id]
}

// IDF returns the inverse document frequency of an analysed term.
func (ix *Index) IDF(term string) float64 { return 1 }

// Hit is one passage that matched a query.
type Hit struct {
	Doc         *corpus.Document
	Sentence    int      // index in Doc.Sentences of the best-matching sentence
	First, Last int      // the passage around it: Doc.Sentences[First..Last], inclusive
	Score       float64  // higher is better
	Terms       []string // query terms the passage matched
}

// Search returns the k best passages for query, best first.
func (ix *Index) Search(query string, k int) []Hit {
	q := map[string]bool{}
	for _, t := range Analyze(query, "en") {
		q[t.Term] = true
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var hits []Hit
	for _, d := range ix.docs {
		for i, s := range d.Sentences {
			var terms []string
			for _, t := range Analyze(d.Text(s), d.Lang) {
				if q[t.Term] {
					terms = append(terms, t.Term)
				}
			}
			if len(terms) > 0 {
				hits = append(hits, Hit{Doc: d, Sentence: i, First: i, Last: i, Score: float64(len(terms)), Terms: terms})
			}
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	if len(hits) > k {
		hits = hits[:k]
	}
	return hits
}
