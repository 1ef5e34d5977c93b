package qa

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"unsafe"
)

// A segment file holds the index of a run of consecutive documents, as
// written once and never changed: the documents the index held in memory
// when it was flushed (persist.go), or several segments merged. A process
// maps the file into memory and searches it in place, so opening an index
// reads a few tables, not the corpus, and the pages of postings and
// forward index come from disk only when a question needs them.
//
// The file is little-endian. A header of 128 bytes:
//
//	0   magic "NDXSEG1\n"
//	8   D  documents
//	16  S  sentences
//	24  T  terms
//	32  P  body postings
//	40  L  title postings
//	48  F  forward entries (indexed words of all bodies, in text order)
//	56  X  bytes of term text
//	64  paragraphs
//	72  indexed words of all bodies
//	80  Σ over sentences of the words of the window around it
//	88  the window (Options.Window) the previous figure was counted with
//	96  G  languages
//	104 crc32c of the header's first 104 bytes and of the tables below,
//	    up to and including idOrder
//	108 4 bytes of zero, then zeros up to 128
//
// then the sections, each starting at a multiple of 8 bytes (zero padded),
// in this order; "local" numbers count from the segment's first document
// or sentence:
//
//	ids      [D]int64   the store's ID of each document, in index order
//	seqs     [D]int64   the store's Seq of each document
//	docStart [D+1]int32 first local sentence of each document, and S
//	termAt   [D+1]int64 first forward entry of each document, and F
//	sentLen  [S]uint16  indexed words of each sentence (for BM25 lengths)
//	sentPara [S]uint16  first sentence, in its document, of each sentence's paragraph
//	paraLen  [S]uint16  indexed words of each sentence's paragraph, at most 65,535
//	langs    [G]{code [8]byte, documents int64}
//	textAt   [T+1]int64 where each term's text starts in text, and X
//	text     [X]byte    the terms, sorted bytewise: term id = rank
//	postAt   [T+1]int64 first posting of each term, and P
//	titleAt  [T+1]int64 first title posting of each term, and L
//	ndocs    [T]int32   documents holding the term, in body or title
//	paras    [T]int32   paragraphs holding the term
//	termCRC  [T]uint32  crc32c of the term's postings, then its title postings
//	docCRC   [D]uint32  crc32c of the document's sentOff, fwdTerms and fwdPos
//	idOrder  [D]int32   local document numbers by ascending ID
//	sentOff  [S+D]int32 per document, its n sentences' n+1 offsets into its
//	                    forward entries (document d's begin at docStart[d]+d)
//	postings [P]uint64  per term, ascending: local document (40 bits, the
//	                    posting's top bits; see posting), sentence (16),
//	                    occurrences (8)
//	titles   [L]int32   per term, the local documents whose title holds it
//	fwdTerms [F]int32   term id of each indexed word, in text order
//	fwdPos   [F]uint16  its word position in its sentence
//
// Postings and the forward index are fixed-width so that a search reads
// them where they lie — galloping through a long posting list touches only
// the pages it lands on — at 8 bytes a posting and 6 an indexed word.
//
// Checksums: the tables that every search reads (everything up to idOrder)
// are checked when the file is opened; a term's postings and a document's
// forward index when a search first reads them, once per process. A
// mismatch is an error wrapping errCorrupt: the segment is not searched,
// and the index rebuilds it from the store (persist.go). A torn write
// cannot be seen: a segment is written under a temporary name, synced and
// renamed before the manifest names it.

const (
	segMagic      = "NDXSEG1\n"
	segHeaderSize = 128
)

var (
	castagnoli = crc32.MakeTable(crc32.Castagnoli)
	// errCorrupt marks a segment whose contents do not match their checksums.
	errCorrupt = errors.New("index segment corrupt")
)

// segError is a checksum or bounds failure in one segment; it wraps
// errCorrupt.
type segError struct {
	seg  *segFile
	what string
}

func (e *segError) Error() string { return fmt.Sprintf("%s: %s: %v", e.seg.name, e.what, errCorrupt) }
func (e *segError) Unwrap() error { return errCorrupt }

// segHeader is the header of a segment file.
type segHeader struct {
	docs, sents, terms, posts, titles, fwd, text int64
	paras, words, windowWords, window, langs     int64
	crc                                          uint32
}

// segFile is one segment file mapped into memory.
type segFile struct {
	name string // file name in the index directory
	data []byte // the whole file, mapped
	h    segHeader

	ids      []int64
	seqs     []int64
	docStart []int32
	termAt   []int64
	sentLen  []uint16
	sentPara []uint16
	paraLen  []uint16
	langs    map[string]int
	textAt   []int64
	text     []byte
	postAt   []int64
	titleAt  []int64
	ndocs    []int32
	paras    []int32
	termCRC  []uint32
	docCRC   []uint32
	idOrder  []int32
	sentOff  []int32
	postings []uint64
	titles   []int32
	fwdTerms []int32
	fwdPos   []uint16

	termOK, docOK []atomic.Uint32 // a bit per term, per document: checksum verified
}

// sectionLayout walks the sections of a segment with header h, calling
// f with each one's name, offset and size in bytes, and returns the file
// size. Every reader and the writer share it, so they cannot disagree.
func sectionLayout(h *segHeader, f func(name string, off, size int64)) int64 {
	off := int64(segHeaderSize)
	sec := func(name string, size int64) {
		f(name, off, size)
		off += (size + 7) &^ 7
	}
	D, S, T := h.docs, h.sents, h.terms
	sec("ids", 8*D)
	sec("seqs", 8*D)
	sec("docStart", 4*(D+1))
	sec("termAt", 8*(D+1))
	sec("sentLen", 2*S)
	sec("sentPara", 2*S)
	sec("paraLen", 2*S)
	sec("langs", 16*h.langs)
	sec("textAt", 8*(T+1))
	sec("text", h.text)
	sec("postAt", 8*(T+1))
	sec("titleAt", 8*(T+1))
	sec("ndocs", 4*T)
	sec("paras", 4*T)
	sec("termCRC", 4*T)
	sec("docCRC", 4*D)
	sec("idOrder", 4*D)
	sec("sentOff", 4*(S+D))
	sec("postings", 8*h.posts)
	sec("titles", 4*h.titles)
	sec("fwdTerms", 4*h.fwd)
	sec("fwdPos", 2*h.fwd)
	return off
}

// metaEnd is the end of the tables the header's checksum covers.
const metaEnd = "sentOff"

func (h *segHeader) encode() []byte {
	b := make([]byte, segHeaderSize)
	copy(b, segMagic)
	for i, v := range []int64{h.docs, h.sents, h.terms, h.posts, h.titles, h.fwd, h.text,
		h.paras, h.words, h.windowWords, h.window, h.langs} {
		binary.LittleEndian.PutUint64(b[8+8*i:], uint64(v))
	}
	binary.LittleEndian.PutUint32(b[104:], h.crc)
	return b
}

func decodeHeader(b []byte) (segHeader, error) {
	var h segHeader
	if len(b) < segHeaderSize || string(b[:8]) != segMagic {
		return h, fmt.Errorf("%w: not a segment file (bad magic)", errCorrupt)
	}
	v := make([]int64, 12)
	for i := range v {
		v[i] = int64(binary.LittleEndian.Uint64(b[8+8*i:]))
		if v[i] < 0 || v[i] > 1<<40 {
			return h, fmt.Errorf("%w: header field %d out of range", errCorrupt, i)
		}
	}
	h = segHeader{docs: v[0], sents: v[1], terms: v[2], posts: v[3], titles: v[4], fwd: v[5], text: v[6],
		paras: v[7], words: v[8], windowWords: v[9], window: v[10], langs: v[11],
		crc: binary.LittleEndian.Uint32(b[104:])}
	return h, nil
}

// view returns the n elements of type T at byte offset off of data.
func view[T any](data []byte, off, n int64) []T {
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&data[off])), n)
}

// openSegment maps the segment file at path and checks its header and
// tables. The caller closes it.
func openSegment(path string) (*segFile, error) {
	data, err := mapFile(path)
	if err != nil {
		return nil, err
	}
	s, err := parseSegment(data)
	if err != nil {
		unmapFile(data)
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s.name = baseName(path)
	return s, nil
}

func baseName(path string) string {
	if i := strings.LastIndexByte(path, os.PathSeparator); i >= 0 {
		return path[i+1:]
	}
	return path
}

// parseSegment checks a segment's header, size and tables and builds its
// views; data must be 8-byte aligned (a mapping is).
func parseSegment(data []byte) (*segFile, error) {
	h, err := decodeHeader(data)
	if err != nil {
		return nil, err
	}
	offs := map[string][2]int64{}
	size := sectionLayout(&h, func(name string, off, n int64) { offs[name] = [2]int64{off, n} })
	if int64(len(data)) != size {
		return nil, fmt.Errorf("%w: %d bytes, the header says %d", errCorrupt, len(data), size)
	}
	crc := crc32.Update(0, castagnoli, data[:104])
	crc = crc32.Update(crc, castagnoli, data[segHeaderSize:offs[metaEnd][0]])
	if crc != h.crc {
		return nil, fmt.Errorf("%w: tables checksum %08x, header says %08x", errCorrupt, crc, h.crc)
	}
	at := func(name string) int64 { return offs[name][0] }
	s := &segFile{data: data, h: h}
	D, S, T := h.docs, h.sents, h.terms
	s.ids = view[int64](data, at("ids"), D)
	s.seqs = view[int64](data, at("seqs"), D)
	s.docStart = view[int32](data, at("docStart"), D+1)
	s.termAt = view[int64](data, at("termAt"), D+1)
	s.sentLen = view[uint16](data, at("sentLen"), S)
	s.sentPara = view[uint16](data, at("sentPara"), S)
	s.paraLen = view[uint16](data, at("paraLen"), S)
	s.textAt = view[int64](data, at("textAt"), T+1)
	s.text = data[at("text") : at("text")+h.text]
	s.postAt = view[int64](data, at("postAt"), T+1)
	s.titleAt = view[int64](data, at("titleAt"), T+1)
	s.ndocs = view[int32](data, at("ndocs"), T)
	s.paras = view[int32](data, at("paras"), T)
	s.termCRC = view[uint32](data, at("termCRC"), T)
	s.docCRC = view[uint32](data, at("docCRC"), D)
	s.idOrder = view[int32](data, at("idOrder"), D)
	s.sentOff = view[int32](data, at("sentOff"), S+D)
	s.postings = view[uint64](data, at("postings"), h.posts)
	s.titles = view[int32](data, at("titles"), h.titles)
	s.fwdTerms = view[int32](data, at("fwdTerms"), h.fwd)
	s.fwdPos = view[uint16](data, at("fwdPos"), h.fwd)
	s.langs = map[string]int{}
	lb := data[at("langs"):]
	for i := range h.langs {
		rec := lb[16*i : 16*i+16]
		s.langs[string(bytes.TrimRight(rec[:8], "\x00"))] = int(binary.LittleEndian.Uint64(rec[8:]))
	}
	if err := s.checkTables(); err != nil {
		return nil, err
	}
	s.termOK = make([]atomic.Uint32, (T+31)/32)
	s.docOK = make([]atomic.Uint32, (D+31)/32)
	return s, nil
}

// checkTables checks that the offset tables ascend and stay in bounds, so
// that no slice a search takes can panic, whatever a checksum missed.
func (s *segFile) checkTables() error {
	h := &s.h
	ascends := func(name string, xs []int64, end int64) error {
		if xs[0] != 0 || xs[len(xs)-1] != end {
			return fmt.Errorf("%w: %s does not span its section", errCorrupt, name)
		}
		for i := 1; i < len(xs); i++ {
			if xs[i] < xs[i-1] {
				return fmt.Errorf("%w: %s descends at %d", errCorrupt, name, i)
			}
		}
		return nil
	}
	for _, c := range []struct {
		name string
		xs   []int64
		end  int64
	}{{"termAt", s.termAt, h.fwd}, {"textAt", s.textAt, h.text}, {"postAt", s.postAt, h.posts}, {"titleAt", s.titleAt, h.titles}} {
		if err := ascends(c.name, c.xs, c.end); err != nil {
			return err
		}
	}
	if s.docStart[0] != 0 || int64(s.docStart[h.docs]) != h.sents {
		return fmt.Errorf("%w: docStart does not span the sentences", errCorrupt)
	}
	for d := range h.docs {
		if s.docStart[d+1] < s.docStart[d] || s.docStart[d+1]-s.docStart[d] > maxSentences {
			return fmt.Errorf("%w: docStart at document %d", errCorrupt, d)
		}
		if o := s.idOrder[d]; o < 0 || int64(o) >= h.docs {
			return fmt.Errorf("%w: idOrder at %d", errCorrupt, d)
		}
	}
	return nil
}

func (s *segFile) close() {
	if s.data != nil {
		unmapFile(s.data)
		s.data = nil
	}
}

// numDocs returns the number of documents in the segment.
func (s *segFile) numDocs() int32 { return int32(s.h.docs) }

// termText returns the text of term id, pointing into the mapping: copy
// it before it outlives the segment.
func (s *segFile) termText(id int32) string {
	b := s.text[s.textAt[id]:s.textAt[id+1]]
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// lookup returns the id of term, if the segment holds it.
func (s *segFile) lookup(term string) (int32, bool) {
	n := int(s.h.terms)
	i := sort.Search(n, func(i int) bool { return s.termText(int32(i)) >= term })
	return int32(i), i < n && s.termText(int32(i)) == term
}

// withPrefix returns the ids of the terms that begin with prefix.
func (s *segFile) withPrefix(prefix string) (lo, hi int32) {
	n := int(s.h.terms)
	i := sort.Search(n, func(i int) bool { return s.termText(int32(i)) >= prefix })
	j := i
	for j < n && strings.HasPrefix(s.termText(int32(j)), prefix) {
		j++
	}
	return int32(i), int32(j)
}

// testBit and setBit read and set bit i of a bit set shared by searches.
func testBit(bits []atomic.Uint32, i int32) bool { return bits[i/32].Load()&(1<<(i%32)) != 0 }
func setBit(bits []atomic.Uint32, i int32)       { bits[i/32].Or(1 << (i % 32)) }

// termData returns the postings and title postings of term id, checking
// their checksum the first time.
func (s *segFile) termData(id int32) ([]uint64, []int32, error) {
	post := s.postings[s.postAt[id]:s.postAt[id+1]]
	titles := s.titles[s.titleAt[id]:s.titleAt[id+1]]
	if !testBit(s.termOK, id) {
		crc := crc32.Update(0, castagnoli, bytesOf(post))
		crc = crc32.Update(crc, castagnoli, bytesOf(titles))
		if crc != s.termCRC[id] {
			return nil, nil, &segError{s, fmt.Sprintf("postings of %q", s.termText(id))}
		}
		if err := s.checkPostings(post, titles); err != nil {
			return nil, nil, err
		}
		setBit(s.termOK, id)
	}
	return post, titles, nil
}

// checkPostings checks that postings name documents and sentences of the
// segment, so that walking them cannot index out of range.
func (s *segFile) checkPostings(post []uint64, titles []int32) error {
	for _, p := range post {
		d, i, _ := unpack(p)
		if d < 0 || int64(d) >= s.h.docs || i >= s.docStart[d+1]-s.docStart[d] {
			return &segError{s, "posting out of range"}
		}
	}
	for _, d := range titles {
		if d < 0 || int64(d) >= s.h.docs {
			return &segError{s, "title posting out of range"}
		}
	}
	return nil
}

// entry returns the forward index of local document d, checking its
// checksum the first time. The entry has no doc: the caller loads it.
func (s *segFile) entry(d int32) (docEntry, error) {
	first, end := s.docStart[d], s.docStart[d+1]
	off := s.sentOff[first+d : end+d+1]
	lo, hi := s.termAt[d], s.termAt[d+1]
	e := docEntry{first: first, off: off, terms: s.fwdTerms[lo:hi], pos: s.fwdPos[lo:hi]}
	if !testBit(s.docOK, d) {
		crc := crc32.Update(0, castagnoli, bytesOf(off))
		crc = crc32.Update(crc, castagnoli, bytesOf(e.terms))
		crc = crc32.Update(crc, castagnoli, bytesOf(e.pos))
		if crc != s.docCRC[d] {
			return docEntry{}, &segError{s, fmt.Sprintf("forward index of document %d", s.ids[d])}
		}
		n := int32(hi - lo)
		for i := 1; i < len(off); i++ {
			if off[0] != 0 || off[i] < off[i-1] || off[len(off)-1] != n {
				return docEntry{}, &segError{s, fmt.Sprintf("sentence offsets of document %d", s.ids[d])}
			}
		}
		for _, t := range e.terms {
			if t < 0 || int64(t) >= s.h.terms {
				return docEntry{}, &segError{s, fmt.Sprintf("terms of document %d", s.ids[d])}
			}
		}
		setBit(s.docOK, d)
	}
	return e, nil
}

// byID returns the local number of the document with store ID id.
func (s *segFile) byID(id int64) (int32, bool) {
	i, ok := slices.BinarySearchFunc(s.idOrder, id, func(d int32, id int64) int {
		switch {
		case s.ids[d] < id:
			return -1
		case s.ids[d] > id:
			return 1
		}
		return 0
	})
	if !ok {
		return 0, false
	}
	return s.idOrder[i], true
}

// bytesOf returns the memory of a slice as bytes.
func bytesOf[T any](xs []T) []byte {
	if len(xs) == 0 {
		return nil
	}
	var zero T
	return unsafe.Slice((*byte)(unsafe.Pointer(&xs[0])), len(xs)*int(unsafe.Sizeof(zero)))
}
