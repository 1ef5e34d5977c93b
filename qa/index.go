package qa

import (
	"slices"
	"sync"

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
type Index struct {
	opts Options

	mu    sync.RWMutex
	docs  []docEntry
	byID  map[int64]int32
	byPtr map[*corpus.Document]int32
	langs map[string]int // documents per language

	dict   map[string]int32
	terms  []termEntry
	prefix map[string][]int32 // first prefixRunes runes → terms of at least prefixRunes+1 runes (variants.go)

	docStart []int32  // first sentence of each document, and one past the last
	sentLen  []uint16 // indexed words of each sentence
	sentPara []uint16 // first sentence of each sentence's paragraph, in its document

	nParas      int      // paragraphs indexed
	nWords      int64    // indexed words of all bodies
	windowWords int64    // Σ over sentences of the words of the window around it
	dead        []uint64 // bit d: document d was replaced by a later one
	live        int      // documents not replaced
	maxSeq      int64    // the highest Document.Seq indexed

	commonPostings, recentPostings int // see walk.go; tests change them
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
	st := Stats{Docs: ix.live, Sentences: len(ix.sentLen), Paragraphs: ix.nParas, Terms: len(ix.terms), Words: ix.nWords}
	for i := range ix.terms {
		st.Postings += int64(len(ix.terms[i].post))
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
	id, ok := ix.dict[term]
	if !ok {
		return idf(ix.units(), 0)
	}
	return ix.idf(id)
}

// DocFreq returns the number of documents whose body or title holds an
// analysed term.
func (ix *Index) DocFreq(term string) int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if id, ok := ix.dict[term]; ok {
		return int(ix.terms[id].ndocs)
	}
	return 0
}

// SentenceTerms returns the indexed terms of sentence i of doc (an indexed
// document) in text order: stems, without stop words, a compound followed
// by its parts. It returns nil when doc is not indexed or i is out of range.
func (ix *Index) SentenceTerms(doc *corpus.Document, i int) []string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ids, _ := ix.sentence(doc, i)
	if ids == nil {
		return nil
	}
	out := make([]string, len(ids))
	for k, id := range ids {
		out[k] = ix.terms[id].text
	}
	return out
}

// SentencePositions returns the word positions in the sentence (counting
// stop words, from 0) of the terms SentenceTerms returns, in the same order.
func (ix *Index) SentencePositions(doc *corpus.Document, i int) []int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	_, pos := ix.sentence(doc, i)
	if pos == nil {
		return nil
	}
	out := make([]int, len(pos))
	for k, p := range pos {
		out[k] = int(p)
	}
	return out
}

// sentence returns the forward index of sentence i of doc; the caller
// holds ix.mu.
func (ix *Index) sentence(doc *corpus.Document, i int) ([]int32, []uint16) {
	d, ok := ix.byPtr[doc]
	if !ok || i < 0 || i >= len(doc.Sentences) {
		return nil, nil
	}
	e := &ix.docs[d]
	lo, hi := e.off[i], e.off[i+1]
	return e.terms[lo:hi:hi], e.pos[lo:hi:hi]
}

// units returns the number of passage units IDF counts over.
func (ix *Index) units() int {
	if ix.opts.Paragraphs {
		return ix.nParas
	}
	return len(ix.sentLen)
}

// idf returns the IDF of term id; the caller holds ix.mu.
func (ix *Index) idf(id int32) float64 {
	t := &ix.terms[id]
	n := len(t.post)
	if ix.opts.Paragraphs {
		n = int(t.paras)
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
// sentence r of the document whose n sentences start at first.
func (ix *Index) paragraph(first, n, r int32) (lo, hi int32) {
	lo = int32(ix.sentPara[first+r])
	for hi = r; hi < n-1 && int32(ix.sentPara[first+hi+1]) == lo; hi++ {
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
	if len(ix.sentLen) == 0 {
		return 1
	}
	return float64(ix.nWords) / float64(len(ix.sentLen))
}

// sentenceWords returns the content words (neither stop words nor parts
// of a compound) of each sentence of doc as indexed, or nil when doc is
// not indexed. Sentences past the indexed ones count 0.
func (ix *Index) sentenceWords(doc *corpus.Document) []int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	d, ok := ix.byPtr[doc]
	if !ok {
		return nil
	}
	first, end := ix.docs[d].first, ix.docStart[d+1]
	out := make([]int, len(doc.Sentences))
	for i, n := range ix.sentLen[first:end] {
		out[i] = int(n)
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
