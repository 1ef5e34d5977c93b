package qa

import (
	"context"
	"sort"
	"sync"

	"github.com/newsdesk/newsdesk/corpus"
)

// The parts of an index: its segment files, oldest first, then the
// documents in memory. A search walks them in that order with one heap of
// best passages, so it ranks exactly as over one index: the statistics BM25
// reads (IDF, mean lengths) are totals over all parts.

// part is one run of documents as a search reads it.
type part struct {
	base     int32    // global number of its first document
	seg      *segFile // nil: the documents in memory
	docStart []int32
	sentLen  []uint16
	sentPara []uint16
	paraLen  []uint16
}

// parts returns the parts of the index; the caller holds ix.mu.
func (ix *Index) parts() []part {
	out := make([]part, 0, len(ix.segs)+1)
	for k := range ix.segs {
		out = append(out, ix.segPart(k))
	}
	return append(out, ix.memPart())
}

// memPart returns the part of the documents in memory; segPart segment k's.
func (ix *Index) memPart() part {
	return part{base: ix.memBase, docStart: ix.docStart, sentLen: ix.sentLen, sentPara: ix.sentPara, paraLen: ix.paraLen}
}

func (ix *Index) segPart(k int) part {
	s := ix.segs[k]
	return part{base: ix.segBase[k], seg: s, docStart: s.docStart, sentLen: s.sentLen, sentPara: s.sentPara, paraLen: s.paraLen}
}

// lookup returns the id of term in part p, or -1.
func (ix *Index) lookup(p *part, term string) int32 {
	if p.seg == nil {
		if id, ok := ix.dict[term]; ok {
			return id
		}
		return -1
	}
	if id, ok := p.seg.lookup(term); ok {
		return id
	}
	return -1
}

// termData returns the postings and title postings of term id of part p.
func (ix *Index) termData(p *part, id int32) ([]uint64, []int32, error) {
	if p.seg == nil {
		t := &ix.terms[id]
		return t.post, t.titles, nil
	}
	return p.seg.termData(id)
}

// entry returns the forward index of local document d of part p; an
// entry of a segment has no doc (see docOf). The caller holds ix.mu.
func (ix *Index) entry(p *part, d int32) (docEntry, error) {
	if p.seg == nil {
		return ix.docs[d], nil
	}
	return p.seg.entry(d)
}

// termStats counts a term over all parts.
type termStats struct {
	posts, paras, ndocs int
	known               bool
}

// termStats returns the counts of term; the caller holds ix.mu.
func (ix *Index) termStats(term string) termStats {
	var st termStats
	if id, ok := ix.dict[term]; ok {
		t := &ix.terms[id]
		st = termStats{posts: len(t.post), paras: int(t.paras), ndocs: int(t.ndocs), known: true}
	}
	for _, s := range ix.segs {
		if id, ok := s.lookup(term); ok {
			st.posts += int(s.postAt[id+1] - s.postAt[id])
			st.paras += int(s.paras[id])
			st.ndocs += int(s.ndocs[id])
			st.known = true
		}
	}
	return st
}

// locate finds an indexed document: by pointer among the documents in
// memory, else by ID, newest part first. The caller holds ix.mu.
func (ix *Index) locate(doc *corpus.Document) (*part, int32, bool) {
	if d, ok := ix.byPtr[doc]; ok {
		p := ix.memPart()
		return &p, d, true
	}
	if doc == nil || doc.ID == 0 {
		return nil, 0, false
	}
	if d, ok := ix.byID[doc.ID]; ok {
		p := ix.memPart()
		return &p, d, true
	}
	for k := len(ix.segs) - 1; k >= 0; k-- {
		if d, ok := ix.segs[k].byID(doc.ID); ok && !ix.isDead(ix.segBase[k]+d) {
			p := ix.segPart(k)
			return &p, d, true
		}
	}
	return nil, 0, false
}

// DocLoader reads stored documents by ID: a segment holds the index of its
// documents, not their text. *corpus.Store is one.
type DocLoader interface {
	Document(ctx context.Context, id int64) (*corpus.Document, error)
	DocumentsByID(ctx context.Context, ids []int64) (map[int64]*corpus.Document, error)
}

// docOf returns global document d, reading it from the store when it lies
// in a segment, or nil when it cannot be read. The caller holds ix.mu.
func (ix *Index) docOf(d int32) *corpus.Document {
	if d >= ix.memBase {
		return ix.docs[d-ix.memBase].doc
	}
	if doc := ix.cache.get(d); doc != nil {
		return doc
	}
	k := sort.Search(len(ix.segBase), func(i int) bool { return ix.segBase[i] > d }) - 1
	if k < 0 || ix.loader == nil {
		return nil
	}
	doc, err := ix.loader.Document(context.Background(), ix.segs[k].ids[d-ix.segBase[k]])
	if err != nil {
		return nil
	}
	return ix.cache.put(d, doc)
}

// prefetch reads from the store, in one query, the documents among the
// global numbers ds that lie in segments and are not cached. The caller
// holds ix.mu.
func (ix *Index) prefetch(ds []int32) {
	if ix.loader == nil {
		return
	}
	var ids []int64
	byID := map[int64]int32{}
	for _, d := range ds {
		if d >= ix.memBase || ix.cache.get(d) != nil {
			continue
		}
		k := sort.Search(len(ix.segBase), func(i int) bool { return ix.segBase[i] > d }) - 1
		id := ix.segs[k].ids[d-ix.segBase[k]]
		if _, ok := byID[id]; !ok {
			byID[id] = d
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return
	}
	docs, err := ix.loader.DocumentsByID(context.Background(), ids)
	if err != nil {
		return // docOf tries them one by one
	}
	for id, doc := range docs {
		ix.cache.put(byID[id], doc)
	}
}

// docCacheSize is how many documents read from the store stay in memory:
// enough for the documents of many answers, so one answer sees one
// *corpus.Document per document.
const docCacheSize = 4096

// docCache keeps the documents recently read from the store in two
// generations: a document used in the current one or the one before stays.
type docCache struct {
	mu        sync.Mutex
	cur, prev map[int32]*corpus.Document
}

func (c *docCache) get(d int32) *corpus.Document {
	c.mu.Lock()
	defer c.mu.Unlock()
	if doc := c.cur[d]; doc != nil {
		return doc
	}
	if doc := c.prev[d]; doc != nil {
		c.putLocked(d, doc)
		return doc
	}
	return nil
}

// put caches doc as global document d and returns the cached one (another
// search may have read it first).
func (c *docCache) put(d int32, doc *corpus.Document) *corpus.Document {
	c.mu.Lock()
	defer c.mu.Unlock()
	if have := c.cur[d]; have != nil {
		return have
	}
	if have := c.prev[d]; have != nil {
		doc = have
	}
	c.putLocked(d, doc)
	return doc
}

func (c *docCache) putLocked(d int32, doc *corpus.Document) {
	if c.cur == nil || len(c.cur) >= docCacheSize/2 {
		c.prev, c.cur = c.cur, make(map[int32]*corpus.Document, docCacheSize/2)
	}
	c.cur[d] = doc
}
