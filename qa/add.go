package qa

import (
	"runtime"
	"slices"
	"sync"

	"github.com/newsdesk/newsdesk/corpus"
)

// Adding documents is two steps: analysing the text (tokenising and
// stemming, the slow part) needs no lock and runs on all cores; merging
// the analysed document into the dictionary and postings takes the write
// lock for a few microseconds per document. Add merges in small batches and
// releases the lock between them, so searches never wait long for a bulk
// load, and a document is found by the first search that starts after Add
// returns.

// maxSentences is how many sentences of a document are indexed: a
// posting has 16 bits for the sentence.
const maxSentences = 1 << 16

// commitBatch is how many analysed documents one write lock merges.
const commitBatch = 32

// analyseChunk is how many documents Add analyses before merging them:
// it bounds the memory analysed text takes on its way into the index.
const analyseChunk = 1024

// parallelMin is the number of documents above which Add analyses them on
// several goroutines.
const parallelMin = 16

// analysed is a document after analysis, before it joins the index.
type analysed struct {
	doc   *corpus.Document
	terms []string // indexed terms of the body, sentence after sentence
	pos   []uint16 // the word position of each in its sentence
	off   []int32  // sentence i holds terms[off[i]:off[i+1]]
	words []uint16 // words of each sentence that count for BM25 length
	title []string // distinct indexed terms of the title
}

// Add indexes documents. A document whose ID (when not 0) or pointer is
// already indexed replaces the earlier one.
func (ix *Index) Add(docs ...*corpus.Document) {
	ix.addMu.Lock()
	defer ix.addMu.Unlock()
	for len(docs) > 0 {
		chunk := docs[:min(len(docs), analyseChunk)]
		docs = docs[len(chunk):]
		items := analyseAll(chunk)
		for len(items) > 0 {
			n := min(len(items), commitBatch)
			ix.commit(items[:n])
			items = items[n:]
		}
	}
}

// analyseAll analyses docs, on several goroutines when there are many.
func analyseAll(docs []*corpus.Document) []analysed {
	items := make([]analysed, len(docs))
	workers := min(runtime.GOMAXPROCS(0), len(docs)/parallelMin)
	if workers <= 1 {
		var buf []Token
		for i, d := range docs {
			items[i], buf = analyse(d, buf)
		}
		return items
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var buf []Token
			for i := w; i < len(docs); i += workers {
				items[i], buf = analyse(docs[i], buf)
			}
		})
	}
	wg.Wait()
	return items
}

// analyse tokenises and stems one document; buf is scratch space, returned
// for reuse.
func analyse(d *corpus.Document, buf []Token) (analysed, []Token) {
	a := analysed{doc: d, off: make([]int32, 1, len(d.Sentences)+1), words: make([]uint16, len(d.Sentences))}
	for i, s := range d.Sentences {
		buf = appendTokens(buf[:0], d.Text(s), d.Lang, 0)
		words := 0
		for _, t := range buf {
			if t.Stop {
				continue
			}
			if !t.Part {
				words++
			}
			a.terms = append(a.terms, t.Term)
			a.pos = append(a.pos, uint16(min(t.Pos, 1<<16-1)))
		}
		a.words[i] = uint16(min(words, 1<<16-1))
		a.off = append(a.off, int32(len(a.terms)))
	}
	buf = appendTokens(buf[:0], d.Title, d.Lang, 0)
	for _, t := range buf {
		if !t.Stop && !contains(a.title, t.Term) {
			a.title = append(a.title, t.Term)
		}
	}
	return a, buf
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// commit merges analysed documents into the index under the write lock.
func (ix *Index) commit(items []analysed) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var scratch []int32
	for i := range items {
		scratch = ix.commitOne(&items[i], scratch)
	}
}

// commitOne merges one analysed document; the caller holds the write lock.
func (ix *Index) commitOne(a *analysed, scratch []int32) []int32 {
	doc := a.doc
	if old, ok := ix.byPtr[doc]; ok {
		ix.retire(ix.memBase + old)
	} else if old, ok := ix.byID[doc.ID]; ok && doc.ID != 0 {
		ix.retire(ix.memBase + old)
	} else if doc.ID != 0 {
		for k := len(ix.segs) - 1; k >= 0; k-- {
			if old, ok := ix.segs[k].byID(doc.ID); ok {
				ix.retire(ix.segBase[k] + old)
				break
			}
		}
	}
	d := int32(len(ix.docs))
	first := int32(len(ix.sentLen))
	e := docEntry{doc: doc, first: first, off: a.off, terms: make([]int32, len(a.terms)), pos: slices.Clone(a.pos)}
	for k, t := range a.terms {
		e.terms[k] = ix.termID(t)
	}
	n := min(len(doc.Sentences), maxSentences)
	para, paraFirst := ix.nParas, 0
	for i := range n {
		if i > 0 && doc.Sentences[i].Para != doc.Sentences[i-1].Para {
			para++
			paraFirst = i
		}
		ix.nSents++
		ix.sentLen = append(ix.sentLen, a.words[i])
		ix.sentPara = append(ix.sentPara, uint16(paraFirst))
		words := int64(a.words[i])
		ix.nWords += words
		ix.windowWords += words * int64(min(i, ix.opts.Window)+min(n-1-i, ix.opts.Window)+1)

		scratch = append(scratch[:0], e.terms[e.off[i]:e.off[i+1]]...)
		sortTerms(scratch)
		for j := 0; j < len(scratch); {
			k := j + 1
			for k < len(scratch) && scratch[k] == scratch[j] {
				k++
			}
			t := &ix.terms[scratch[j]]
			t.post = append(t.post, posting(d, i, k-j))
			if t.lastDoc != d+1 {
				t.lastDoc = d + 1
				t.ndocs++
			}
			if t.lastPara != int32(para)+1 {
				t.lastPara = int32(para) + 1
				t.paras++
			}
			j = k
		}
	}
	if n > 0 {
		ix.nParas = para + 1
	}
	ix.paraLen = append(ix.paraLen, make([]uint16, n)...)
	fillParaLen(ix.paraLen[first:], ix.sentLen[first:], ix.sentPara[first:])
	for _, term := range a.title {
		t := &ix.terms[ix.termID(term)]
		t.titles = append(t.titles, d)
		if t.lastDoc != d+1 {
			t.lastDoc = d + 1
			t.ndocs++
		}
	}
	ix.docs = append(ix.docs, e)
	ix.docStart = append(ix.docStart, int32(len(ix.sentLen)))
	ix.byPtr[doc] = d
	if doc.ID != 0 {
		ix.byID[doc.ID] = d
	}
	ix.langs[doc.Lang]++
	ix.live++
	ix.maxSeq = max(ix.maxSeq, doc.Seq)
	return scratch
}

// retire marks global document d as replaced; the caller holds the write
// lock.
func (ix *Index) retire(d int32) {
	if ix.isDead(d) {
		return
	}
	for len(ix.dead) <= int(d)/64 {
		ix.dead = append(ix.dead, 0)
	}
	ix.dead[d/64] |= 1 << (d % 64)
	ix.live--
	if d < ix.memBase {
		if doc := ix.docOf(d); doc != nil {
			ix.langs[doc.Lang]--
		}
		return
	}
	local := d - ix.memBase
	e := &ix.docs[local]
	delete(ix.byPtr, e.doc)
	if ix.byID[e.doc.ID] == local {
		delete(ix.byID, e.doc.ID)
	}
	ix.langs[e.doc.Lang]--
}
