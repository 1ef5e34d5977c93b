package qa

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/newsdesk/newsdesk/corpus"
)

// The index in memory.
//
// Documents are numbered (int32) in the order they are added, and every
// sentence gets a global number too: the sentences of document d are
// docStart[d] … docStart[d+1]-1, so numbers only grow.
//
// The term dictionary maps each term (a folded, stemmed word; see
// tokenize.go) to an int32 id. For each term the index keeps
//
//	post   one posting per sentence that holds it, ascending, packed in a
//	       uint64: document (32 bits), sentence in the document (16 bits),
//	       occurrences (8 bits, capped at 255)
//	titles the documents whose title contains it, ascending
//	ndocs, paras  in how many documents and paragraphs it occurs
//
// and for each document a forward index: the term ids of its body in text
// order, sentence after sentence, with each term's word position in its
// sentence. Search walks the postings of the query terms to find and score
// candidate passages; the forward index then gives phrase and proximity
// checks and the best sentence of a passage without analysing text again.
// Stop words are neither posted nor stored, but they count in positions.
//
// Because numbers only grow, postings stay sorted by appending. A document
// added again under the same ID replaces the old one, which stays in the
// postings but is marked dead and skipped.
//
// A posting names its document directly, so walking postings never looks
// a sentence's document up: one stream of memory per term. Sentences past
// the 65,535th of a document are not indexed.
//
// Memory per indexed word is about 8 bytes of postings and 4+2 bytes of
// forward index; per term a dictionary entry of about 100 bytes; per
// sentence 4 bytes, per document about 100.

// Options tune ranking. They are fixed when the index is made.
type Options struct {
	K1, B      float64 // BM25 term saturation and length normalisation
	TitleBoost float64 // a title containing a query term counts as this many occurrences in every passage
	Window     int     // sentences on each side of a sentence that make its passage
	Paragraphs bool    // passages are whole paragraphs; Window is then unused
	Proximity  float64 // weight of the bonus for query terms close together in a sentence
}

// DefaultOptions returns the ranking parameters, measured on public data
// (bot eval --beir ../shared/bench/scifact, bot eval --squad). A title
// word counts as half an occurrence in every passage of its article
// (TitleBoost 0.5): on BEIR SciFact nDCG@10 rises from 0.677 without
// titles to 0.688 (0.692 at 1, 0.694 at 2; published BM25: 0.665-0.679),
// and SQuAD answers in quotes 1-3 from 85.9% to 86.1%. A full occurrence
// (1, as flat BM25 counts it) lets a news title that repeats a question's
// word outweigh the articles that answer it, and the sample's "Who was
// blamed …" then abstains. Paragraph passages and proximity were chosen
// on the hand-made BEIR set (go test ./qa -run TestTune -tune -v); K1
// and B keep Robertson's usual values.
func DefaultOptions() Options {
	return Options{K1: 1.2, B: 0.75, TitleBoost: 0.5, Window: 1, Paragraphs: true, Proximity: 0.5}
}

// Index is an inverted index over the passages of a corpus. It is safe for
// concurrent use: documents added while it serves searches are found at once.
//
// Its documents are numbered globally: first those of its segment files
// (segment.go, persist.go), oldest first, then those it holds in memory,
// which the fields below the first group describe. A flush writes the
// documents in memory as a new segment and empties the memory; their
// numbers do not change, nor do a merge's.
type Index struct {
	opts Options

	mu      sync.RWMutex
	addMu   sync.Mutex // serialises Add and flushes
	segs    []*segFile // segment files, oldest first
	segBase []int32    // global number of each segment's first document
	memBase int32      // global number of the first document in memory
	loader  DocLoader  // reads the documents of segments; nil without segments
	cache   docCache
	persist *persister // the index directory, when the index has one

	// The documents in memory, numbered from 0 (global memBase+i).
	docs   []docEntry
	byID   map[int64]int32
	byPtr  map[*corpus.Document]int32
	dict   map[string]int32
	terms  []termEntry
	prefix map[string][]int32 // first prefixRunes runes → terms of at least prefixRunes+1 runes (variants.go)

	docStart []int32  // first sentence of each document, and one past the last
	sentLen  []uint16 // indexed words of each sentence
	sentPara []uint16 // first sentence of each sentence's paragraph, in its document
	paraLen  []uint16 // indexed words of each sentence's paragraph (at most 65,535)

	// Totals over segments and memory.
	langs       map[string]int // documents per language
	nParas      int            // paragraphs indexed
	nWords      int64          // indexed words of all bodies
	windowWords int64          // Σ over sentences of the words of the window around it
	nSents      int            // sentences indexed
	dead        []uint64       // bit d: global document d was replaced by a later one
	live        int            // documents not replaced
	maxSeq      int64          // the highest Document.Seq indexed

	commonPostings, recentPostings int          // see walk.go; tests change them
	splitPostings                  int          // see split.go; tests change it
	splits                         atomic.Int64 // searches split in two
	searching                      atomic.Int32 // searches running now
	splitOrder                     int          // how the halves run (split.go); tests change it
}

// docEntry is one indexed document and its forward index.
type docEntry struct {
	doc   *corpus.Document
	first int32    // global number of its first sentence
	off   []int32  // sentence i holds terms[off[i]:off[i+1]]
	terms []int32  // term ids of the body in text order
	pos   []uint16 // word position of each term in its sentence
}

// termEntry is one term of the dictionary with its postings.
type termEntry struct {
	text     string
	post     []uint64 // sentences holding the term, ascending: see posting
	titles   []int32  // documents whose title contains it, ascending
	ndocs    int32    // documents containing it, in body or title
	paras    int32    // paragraphs containing it
	lastDoc  int32    // the last document counted in ndocs, +1
	lastPara int32    // the last paragraph counted in paras, +1
}

// NewIndex returns an empty index.
func NewIndex(opts Options) *Index {
	if opts.Window < 0 {
		opts.Window = 0
	}
	return &Index{
		opts:  opts,
		byID:  map[int64]int32{},
		byPtr: map[*corpus.Document]int32{},
		langs: map[string]int{},
		dict:  map[string]int32{},

		prefix: map[string][]int32{},

		docStart: []int32{0},

		commonPostings: commonPostings,
		recentPostings: recentPostings,
		splitPostings:  splitPostings,
	}
}

// Options returns the options the index ranks with.
func (ix *Index) Options() Options { return ix.opts }

// Len returns the number of documents indexed.
func (ix *Index) Len() int { ix.mu.RLock(); defer ix.mu.RUnlock(); return ix.live }

// Doc returns the indexed document with the given ID, or nil.
func (ix *Index) Doc(id int64) *corpus.Document {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if d, ok := ix.byID[id]; ok {
		return ix.docs[d].doc
	}
	for k := len(ix.segs) - 1; k >= 0; k-- {
		if d, ok := ix.segs[k].byID(id); ok && !ix.isDead(ix.segBase[k]+d) {
			return ix.docOf(ix.segBase[k] + d)
		}
	}
	return nil
}

// Stats counts what an index holds.
type Stats struct {
	Docs, Sentences, Paragraphs, Terms int
	Words                              int64 // indexed words (stop words excluded)
	Postings                           int64 // (term, sentence) pairs
}

// Stats returns the size of the index.
func (ix *Index) Stats() Stats {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := Stats{Docs: ix.live, Sentences: ix.nSents, Paragraphs: ix.nParas, Terms: len(ix.terms), Words: ix.nWords}
	for i := range ix.terms {
		st.Postings += int64(len(ix.terms[i].post))
	}
	for _, s := range ix.segs {
		st.Terms += int(s.h.terms) // a term in two parts counts twice
		st.Postings += s.h.posts
	}
	return st
}

// IDF returns the BM25 inverse document frequency of an analysed term
// (a Token's Term) over the index's passage units — sentences, or
// paragraphs with Options.Paragraphs: ln(1 + (N − n + 0.5)/(n + 0.5)).
// A term the index does not hold gets the highest value, ln(1 + 2N + 1).
func (ix *Index) IDF(term string) float64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.idf(ix.termStats(term))
}

// DocFreq returns the number of documents whose body or title holds an
// analysed term.
func (ix *Index) DocFreq(term string) int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.termStats(term).ndocs
}

// SentenceTerms returns the indexed terms of sentence i of doc (an indexed
// document) in text order: stems, without stop words, a compound followed
// by its parts. It returns nil when doc is not indexed or i is out of range.
// A segment whose forward index proves damaged is rebuilt from the store
// first, as a search does (persist.go).
func (ix *Index) SentenceTerms(doc *corpus.Document, i int) []string {
	return repaired(ix, func() ([]string, error) {
		ix.mu.RLock()
		defer ix.mu.RUnlock()
		ids, _, seg, err := ix.sentence(doc, i)
		if ids == nil {
			return nil, err
		}
		out := make([]string, len(ids))
		for k, id := range ids {
			if seg != nil {
				out[k] = strings.Clone(seg.termText(id))
			} else {
				out[k] = ix.terms[id].text
			}
		}
		return out, nil
	})
}

// SentencePositions returns the word positions in the sentence (counting
// stop words, from 0) of the terms SentenceTerms returns, in the same order.
func (ix *Index) SentencePositions(doc *corpus.Document, i int) []int {
	return repaired(ix, func() ([]int, error) {
		ix.mu.RLock()
		defer ix.mu.RUnlock()
		_, pos, _, err := ix.sentence(doc, i)
		if pos == nil {
			return nil, err
		}
		out := make([]int, len(pos))
		for k, p := range pos {
			out[k] = int(p)
		}
		return out, nil
	})
}

// repaired runs read until it succeeds, or fails otherwise than by a
// segment that ix.repair can rebuild or leave out; the caller does not
// hold ix.mu, which repairing takes.
func repaired[T any](ix *Index, read func() (T, error)) T {
	for {
		v, err := read()
		if err == nil || !ix.repair(err) {
			return v
		}
	}
}

// sentence returns the forward index of sentence i of doc, and the
// segment whose term ids it holds (nil: the dictionary in memory), or an
// error when that segment proves damaged; the caller holds ix.mu.
func (ix *Index) sentence(doc *corpus.Document, i int) ([]int32, []uint16, *segFile, error) {
	p, d, ok := ix.locate(doc)
	if !ok || i < 0 || i >= len(doc.Sentences) {
		return nil, nil, nil, nil
	}
	e, err := ix.entry(p, d)
	if err != nil || i+1 >= len(e.off) {
		return nil, nil, nil, err
	}
	lo, hi := e.off[i], e.off[i+1]
	return e.terms[lo:hi:hi], e.pos[lo:hi:hi], p.seg, nil
}

// units returns the number of passage units IDF counts over.
func (ix *Index) units() int {
	if ix.opts.Paragraphs {
		return ix.nParas
	}
	return ix.nSents
}

// idf returns the IDF of a term with the given counts; the caller holds ix.mu.
func (ix *Index) idf(st termStats) float64 {
	n := st.posts
	if ix.opts.Paragraphs {
		n = st.paras
	}
	return idf(ix.units(), n)
}

// termID returns the id of term, adding it to the dictionary if new; the
// caller holds ix.mu for writing.
func (ix *Index) termID(term string) int32 {
	if id, ok := ix.dict[term]; ok {
		return id
	}
	id := int32(len(ix.terms))
	ix.dict[term] = id
	ix.terms = append(ix.terms, termEntry{text: term})
	if key, ok := prefixKey(term); ok {
		ix.prefix[key] = append(ix.prefix[key], id)
	}
	return id
}

// isDead reports whether document d was replaced; the caller holds ix.mu.
func (ix *Index) isDead(d int32) bool {
	w := int(d) / 64
	return w < len(ix.dead) && ix.dead[w]&(1<<(d%64)) != 0
}

// mainLang returns the language most indexed documents are in.
func (ix *Index) mainLang() string {
	best, n := "", 0
	for l, c := range ix.langs {
		if c > n || c == n && l < best {
			best, n = l, c
		}
	}
	return best
}

// paragraph returns the local bounds of the paragraph holding local
// sentence r of the document whose n sentences start at first, given the
// paragraph starts of its part.
func paragraph(sentPara []uint16, first, n, r int32) (lo, hi int32) {
	lo = int32(sentPara[first+r])
	for hi = r; hi < n-1 && int32(sentPara[first+hi+1]) == lo; hi++ {
	}
	return lo, hi
}

// posting packs a posting: document d, sentence i of d, occurrences tf.
func posting(d int32, i int, tf int) uint64 {
	return uint64(d)<<24 | uint64(i)<<8 | uint64(min(tf, 255))
}

// postingsFrom returns the least posting of document d: postings of d are
// postingsFrom(d) ≤ p < postingsFrom(d+1).
func postingsFrom(d int32) uint64 { return uint64(d) << 24 }

// unpack returns the document, sentence and occurrences of a posting.
func unpack(p uint64) (d int32, i int32, tf uint8) {
	return int32(p >> 24), int32(p>>8) & 0xffff, uint8(p)
}

// sortTerms sorts a small slice of term ids in place.
func sortTerms(ids []int32) { slices.Sort(ids) }

// avgSentence returns the mean number of indexed words in a sentence.
func (ix *Index) avgSentence() float64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.nSents == 0 {
		return 1
	}
	return float64(ix.nWords) / float64(ix.nSents)
}

// sentenceWords returns the content words (neither stop words nor parts
// of a compound) of each sentence of doc as indexed, or nil when doc is
// not indexed. Sentences past the indexed ones count 0.
func (ix *Index) sentenceWords(doc *corpus.Document) []int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	p, d, ok := ix.locate(doc)
	if !ok {
		return nil
	}
	first, end := p.docStart[d], p.docStart[d+1]
	out := make([]int, len(doc.Sentences))
	for i, n := range p.sentLen[first:end] {
		if i < len(out) {
			out[i] = int(n)
		}
	}
	return out
}

// Units returns the number of passage units IDF counts over: paragraphs,
// or sentences.
func (ix *Index) Units() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.units()
}
