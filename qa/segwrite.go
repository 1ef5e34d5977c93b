package qa

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"fmt"
	"hash"
	"hash/crc32"
	"os"
	"slices"
	"strings"
)

// Writing a segment file (the format is described in segment.go) from one
// or more runs of documents in order: the documents in memory when the
// index is flushed, or the segments a merge joins. The dictionaries of the
// runs are merged into one, their documents and sentences numbered on, and
// every checksum is computed before the sections it covers are written, so
// the file is written front to back in one pass after a pass that reads.

// segSource is a run of documents a segment is written from, numbered
// from 0: the documents in memory (memSource) or a segment file.
type segSource interface {
	numDocs() int32
	starts() []int32 // first sentence of each document, and the number of sentences
	lens() []uint16
	paraFirsts() []uint16
	meta(d int32) (id, seq int64)
	langCounts() map[string]int
	sortedTerms() []int32 // term ids in text order
	termText(id int32) string
	termData(id int32) ([]uint64, []int32, error)
	termCounts(id int32) (ndocs, paras int32)
	entry(d int32) (docEntry, error)
}

func (s *segFile) starts() []int32             { return s.docStart }
func (s *segFile) lens() []uint16              { return s.sentLen }
func (s *segFile) paraFirsts() []uint16        { return s.sentPara }
func (s *segFile) meta(d int32) (int64, int64) { return s.ids[d], s.seqs[d] }
func (s *segFile) langCounts() map[string]int  { return s.langs }
func (s *segFile) termCounts(id int32) (int32, int32) {
	return s.ndocs[id], s.paras[id]
}
func (s *segFile) sortedTerms() []int32 {
	ids := make([]int32, s.h.terms)
	for i := range ids {
		ids[i] = int32(i)
	}
	return ids
}

// memSource is the documents an Index holds in memory; the caller holds
// the index's lock while it is read.
type memSource struct{ ix *Index }

func (m memSource) numDocs() int32           { return int32(len(m.ix.docs)) }
func (m memSource) starts() []int32          { return m.ix.docStart }
func (m memSource) lens() []uint16           { return m.ix.sentLen }
func (m memSource) paraFirsts() []uint16     { return m.ix.sentPara }
func (m memSource) termText(id int32) string { return m.ix.terms[id].text }
func (m memSource) meta(d int32) (int64, int64) {
	doc := m.ix.docs[d].doc
	return doc.ID, doc.Seq
}
func (m memSource) langCounts() map[string]int {
	out := map[string]int{}
	for _, e := range m.ix.docs {
		out[e.doc.Lang]++
	}
	return out
}
func (m memSource) sortedTerms() []int32 {
	ids := make([]int32, len(m.ix.terms))
	for i := range ids {
		ids[i] = int32(i)
	}
	slices.SortFunc(ids, func(a, b int32) int { return strings.Compare(m.ix.terms[a].text, m.ix.terms[b].text) })
	return ids
}
func (m memSource) termData(id int32) ([]uint64, []int32, error) {
	t := &m.ix.terms[id]
	return t.post, t.titles, nil
}
func (m memSource) termCounts(id int32) (int32, int32) {
	t := &m.ix.terms[id]
	return t.ndocs, t.paras
}
func (m memSource) entry(d int32) (docEntry, error) {
	e := m.ix.docs[d]
	n := m.ix.docStart[d+1] - m.ix.docStart[d] // sentences past maxSentences are not indexed
	e.off = e.off[:n+1]
	e.terms, e.pos = e.terms[:e.off[n]], e.pos[:e.off[n]]
	return e, nil
}

// writeSegment writes the documents of srcs, in order, as a segment file
// at path (through a temporary file, synced and renamed) and returns its
// size. window is Options.Window, which BM25's window lengths count with.
func writeSegment(path string, window int, srcs []segSource) (int64, error) {
	w, err := newSegWriter(window, srcs)
	if err != nil {
		return 0, err
	}
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, err
	}
	size, err := w.write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return 0, fmt.Errorf("write index segment %s: %w", baseName(path), err)
	}
	return size, nil
}

// segWriter holds what the reading pass (checksums) learns, so that
// writing reads each source's postings and forward index once more only
// to copy them.
type segWriter struct {
	srcs     []segSource
	h        segHeader
	docBase  []int32   // first document of each source in the new numbering
	terms    []string  // the merged dictionary
	from     [][]int32 // per new term: its id in each source, -1 where absent
	remap    [][]int32 // per source: old term id → new
	termCRC  []uint32
	postAt   []int64 // the sections' offset tables, counted by checksums
	titleAt  []int64
	termAt   []int64
	ndocs    []int32
	paras    []int32
	docCRC   []uint32
	langs    []string
	langDocs map[string]int
	pbuf     []uint64 // scratch of termPostings
	tbuf     []int32

	// barrier marks a test's crash point: when set, it is called once half
	// the postings are written (persist_test.go kills the process there).
	barrier func()
}

// mergeHook, when a test sets it, is the barrier of every merge's writer.
var mergeHook func()

func newSegWriter(window int, srcs []segSource) (*segWriter, error) {
	w := &segWriter{srcs: srcs, langDocs: map[string]int{}}
	if len(srcs) > 1 {
		w.barrier = mergeHook
	}
	h := &w.h
	h.window = int64(window)
	w.docBase = make([]int32, len(srcs))
	for j, s := range srcs {
		w.docBase[j] = int32(h.docs)
		h.docs += int64(s.numDocs())
		st := s.starts()
		h.sents += int64(st[len(st)-1])
		for l, n := range s.langCounts() {
			if n > 0 {
				w.langDocs[l] += n
			}
		}
		lens, firsts := s.lens(), s.paraFirsts()
		for d := range s.numDocs() {
			lo, hi := st[d], st[d+1]
			n := int(hi - lo)
			for i := range n {
				words := int64(lens[int(lo)+i])
				h.words += words
				h.windowWords += words * int64(min(i, window)+min(n-1-i, window)+1)
				if int(firsts[int(lo)+i]) == i {
					h.paras++
				}
			}
		}
	}
	if h.docs >= 1<<31 || h.sents >= 1<<31 {
		return nil, fmt.Errorf("index segment too large: %d documents, %d sentences", h.docs, h.sents)
	}
	for l := range w.langDocs {
		w.langs = append(w.langs, l)
	}
	slices.Sort(w.langs)
	h.langs = int64(len(w.langs))
	w.mergeDictionaries()
	if err := w.checksums(); err != nil {
		return nil, err
	}
	return w, nil
}

// mergeDictionaries merges the sources' sorted dictionaries.
func (w *segWriter) mergeDictionaries() {
	k := len(w.srcs)
	order := make([][]int32, k)
	cur := make([]int, k)
	w.remap = make([][]int32, k)
	for j, s := range w.srcs {
		order[j] = s.sortedTerms()
		w.remap[j] = make([]int32, len(order[j]))
	}
	for {
		best := ""
		found := false
		for j := range k {
			if cur[j] < len(order[j]) {
				t := w.srcs[j].termText(order[j][cur[j]])
				if !found || t < best {
					best, found = t, true
				}
			}
		}
		if !found {
			break
		}
		id := int32(len(w.terms))
		w.terms = append(w.terms, strings.Clone(best))
		from := make([]int32, k)
		for j := range k {
			from[j] = -1
			if cur[j] < len(order[j]) {
				if old := order[j][cur[j]]; w.srcs[j].termText(old) == best {
					from[j] = old
					w.remap[j][old] = id
					cur[j]++
				}
			}
		}
		w.from = append(w.from, from)
		w.h.text += int64(len(best))
	}
	w.h.terms = int64(len(w.terms))
}

// termPostings calls f with each source's postings and title postings of
// new term id, renumbered.
func (w *segWriter) termPostings(id int, f func(post []uint64, titles []int32)) error {
	for j, old := range w.from[id] {
		if old < 0 {
			continue
		}
		post, titles, err := w.srcs[j].termData(old)
		if err != nil {
			return err
		}
		if base := w.docBase[j]; base != 0 {
			w.pbuf = w.pbuf[:0]
			for _, p := range post {
				w.pbuf = append(w.pbuf, p+postingsFrom(base))
			}
			w.tbuf = w.tbuf[:0]
			for _, d := range titles {
				w.tbuf = append(w.tbuf, d+base)
			}
			post, titles = w.pbuf, w.tbuf
		}
		f(post, titles)
	}
	return nil
}

// docForward calls f with the forward index of each document, in order,
// its term ids renumbered.
func (w *segWriter) docForward(f func(e docEntry)) error {
	var buf []int32
	for j, s := range w.srcs {
		for d := range s.numDocs() {
			e, err := s.entry(d)
			if err != nil {
				return err
			}
			buf = buf[:0]
			for _, t := range e.terms {
				buf = append(buf, w.remap[j][t])
			}
			e.terms = buf
			f(e)
		}
	}
	return nil
}

// checksums computes the per-term and per-document checksums and counts.
func (w *segWriter) checksums() error {
	T := len(w.terms)
	w.termCRC, w.ndocs, w.paras = make([]uint32, T), make([]int32, T), make([]int32, T)
	w.postAt, w.titleAt = make([]int64, 1, T+1), make([]int64, 1, T+1)
	var titles []byte
	for id := range T {
		crc := uint32(0)
		titles = titles[:0]
		err := w.termPostings(id, func(p []uint64, t []int32) {
			crc = crc32.Update(crc, castagnoli, bytesOf(p))
			titles = append(titles, bytesOf(t)...)
			w.h.posts += int64(len(p))
			w.h.titles += int64(len(t))
		})
		if err != nil {
			return err
		}
		w.termCRC[id] = crc32.Update(crc, castagnoli, titles)
		w.postAt = append(w.postAt, w.h.posts)
		w.titleAt = append(w.titleAt, w.h.titles)
		for j, old := range w.from[id] {
			if old >= 0 {
				nd, np := w.srcs[j].termCounts(old)
				w.ndocs[id] += nd
				w.paras[id] += np
			}
		}
	}
	w.docCRC = make([]uint32, 0, w.h.docs)
	w.termAt = make([]int64, 1, w.h.docs+1)
	return w.docForward(func(e docEntry) {
		crc := crc32.Update(0, castagnoli, bytesOf(e.off))
		crc = crc32.Update(crc, castagnoli, bytesOf(e.terms))
		crc = crc32.Update(crc, castagnoli, bytesOf(e.pos))
		w.docCRC = append(w.docCRC, crc)
		w.h.fwd += int64(len(e.terms))
		w.termAt = append(w.termAt, w.h.fwd)
	})
}

// paraLengths returns, for each sentence, the indexed words of its
// paragraph (at most 65,535), given the documents' first sentences, the
// sentences' lengths and their paragraphs' first sentences.
func paraLengths(starts []int32, lens, firsts []uint16) []uint16 {
	out := make([]uint16, len(lens))
	for d := 0; d+1 < len(starts); d++ {
		fillParaLen(out[starts[d]:starts[d+1]], lens[starts[d]:starts[d+1]], firsts[starts[d]:starts[d+1]])
	}
	return out
}

// fillParaLen sets out[i] to the length of sentence i's paragraph, for the
// sentences of one document.
func fillParaLen(out, lens, firsts []uint16) {
	for i := 0; i < len(lens); {
		j, n := i, 0
		for ; j < len(lens) && firsts[j] == firsts[i]; j++ {
			n += int(lens[j])
		}
		for k := i; k < j; k++ {
			out[k] = uint16(min(n, 1<<16-1))
		}
		i = j
	}
}

// sectionOut writes sections, padding each to 8 bytes and feeding the
// checksum while it is on.
type sectionOut struct {
	w   *bufio.Writer
	crc hash.Hash32 // nil once the checksummed tables are written
	n   int64
	err error
}

func (o *sectionOut) raw(b []byte) {
	if o.err != nil {
		return
	}
	if o.crc != nil {
		o.crc.Write(b)
	}
	_, o.err = o.w.Write(b)
	o.n += int64(len(b))
}

func (o *sectionOut) pad() {
	var zero [8]byte
	o.raw(zero[:(8-o.n%8)%8])
}

// put writes one section of fixed-width values.
func put[T any](o *sectionOut, xs []T) { o.raw(bytesOf(xs)); o.pad() }

// write writes the segment to f and returns its size.
func (w *segWriter) write(f *os.File) (int64, error) {
	h := &w.h
	hdr := h.encode()
	o := &sectionOut{w: bufio.NewWriterSize(f, 1<<20), crc: crc32.New(castagnoli)}
	o.crc.Write(hdr[:104])
	if _, err := f.Write(make([]byte, segHeaderSize)); err != nil {
		return 0, err
	}
	o.n = segHeaderSize

	ids := make([]int64, 0, h.docs)
	seqs := make([]int64, 0, h.docs)
	starts := make([]int32, 1, h.docs+1)
	lens := make([]uint16, 0, h.sents)
	firsts := make([]uint16, 0, h.sents)
	for _, s := range w.srcs {
		st := s.starts()
		base := starts[len(starts)-1]
		for d := range s.numDocs() {
			id, seq := s.meta(d)
			ids, seqs = append(ids, id), append(seqs, seq)
			starts = append(starts, base+st[d+1])
		}
		lens = append(lens, s.lens()[:st[len(st)-1]]...)
		firsts = append(firsts, s.paraFirsts()[:st[len(st)-1]]...)
	}
	put(o, ids)
	put(o, seqs)
	put(o, starts)
	put(o, w.termAt)
	put(o, lens)
	put(o, firsts)
	put(o, paraLengths(starts, lens, firsts))
	lens, firsts = nil, nil
	for _, l := range w.langs {
		var rec [16]byte
		copy(rec[:8], l)
		binary.LittleEndian.PutUint64(rec[8:], uint64(w.langDocs[l]))
		o.raw(rec[:])
	}
	textAt := make([]int64, 1, len(w.terms)+1)
	for _, t := range w.terms {
		textAt = append(textAt, textAt[len(textAt)-1]+int64(len(t)))
	}
	put(o, textAt)
	for _, t := range w.terms {
		o.raw([]byte(t))
	}
	o.pad()
	put(o, w.postAt)
	put(o, w.titleAt)
	put(o, w.ndocs)
	put(o, w.paras)
	put(o, w.termCRC)
	put(o, w.docCRC)
	order := make([]int32, len(ids))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(ids[a], ids[b]) })
	put(o, order)
	h.crc = o.crc.Sum32()
	o.crc = nil

	if err := w.docForward(func(e docEntry) { o.raw(bytesOf(e.off)) }); err != nil {
		return 0, err
	}
	o.pad()
	half := h.posts / 2
	var written int64
	for id := range w.terms {
		err := w.termPostings(id, func(p []uint64, _ []int32) {
			o.raw(bytesOf(p))
			if written < half && written+int64(len(p)) >= half && w.barrier != nil {
				o.w.Flush()
				w.barrier()
			}
			written += int64(len(p))
		})
		if err != nil {
			return 0, err
		}
	}
	o.pad()
	for id := range w.terms {
		if err := w.termPostings(id, func(_ []uint64, t []int32) { o.raw(bytesOf(t)) }); err != nil {
			return 0, err
		}
	}
	o.pad()
	if err := w.docForward(func(e docEntry) { o.raw(bytesOf(e.terms)) }); err != nil {
		return 0, err
	}
	o.pad()
	if err := w.docForward(func(e docEntry) { o.raw(bytesOf(e.pos)) }); err != nil {
		return 0, err
	}
	o.pad()
	if o.err == nil {
		o.err = o.w.Flush()
	}
	if o.err != nil {
		return 0, o.err
	}
	if want := sectionLayout(h, func(string, int64, int64) {}); o.n != want {
		return 0, fmt.Errorf("index segment: wrote %d bytes, the layout says %d", o.n, want)
	}
	if _, err := f.WriteAt(h.encode(), 0); err != nil {
		return 0, err
	}
	return o.n, nil
}
