package qa

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
)

// An index directory keeps the index of a store between processes: segment
// files (segment.go) and a MANIFEST naming them in document order, with
// what each holds of the store. A process that opens it maps the segments
// and indexes in memory only the documents the store added since; the
// process holding the directory's lock (one at a time; the others only
// read) writes those as a new segment (Flush) and merges segments.
//
// Every change is a new file written under a temporary name, synced and
// renamed, then a new MANIFEST written the same way: a process killed at
// any point leaves the old MANIFEST or the new one, each naming only whole
// files. Files the MANIFEST does not name are removed by the next writer.
// A segment that fails its checks is rebuilt from the store, never
// searched; so is one that no longer matches the store (its last document
// missing or changed).

// Store is what an index directory reads of the corpus.
type Store interface {
	DocLoader
	DocumentSource
}

// manifest lists an index directory's segments, oldest first.
type manifest struct {
	Format   int          `json:"format"`
	Window   int          `json:"window"` // Options.Window the segments count window lengths with
	Segments []segmentRef `json:"segments"`
}

// segmentRef names a segment file and the store documents it holds.
type segmentRef struct {
	File     string `json:"file"`
	Size     int64  `json:"size"`
	Docs     int    `json:"docs"`
	FirstSeq int64  `json:"first_seq"`
	LastSeq  int64  `json:"last_seq"`
	LastID   int64  `json:"last_id"`
	LastHash string `json:"last_hash"`
}

const manifestFormat = 1

// persister is an index's directory.
type persister struct {
	dir   string
	store Store
	lock  *os.File   // held while this process may write; nil: read only
	mu    sync.Mutex // serialises flushes, merges and repairs
	refs  []segmentRef
	next  int // number of the next segment file
}

// OpenIndex opens the index of store kept in dir (created if missing),
// checks its segments against the store, and indexes in memory the
// documents stored since. When this process holds the directory's lock it
// then writes those as a segment and merges (Maintain); otherwise it only
// reads. Close releases the mappings and the lock.
func OpenIndex(ctx context.Context, dir string, store Store, opts Options) (*Index, error) {
	if !littleEndian {
		// Segments are read in place as little-endian numbers.
		ix := NewIndex(opts)
		_, err := ix.Load(ctx, store)
		return ix, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("index directory: %w", err)
	}
	ix := NewIndex(opts)
	ix.loader = store
	p := &persister{dir: dir, store: store}
	ix.persist = p
	p.lock = lockDir(filepath.Join(dir, "lock"))
	m, err := readManifest(filepath.Join(dir, "MANIFEST"))
	if err != nil {
		slog.Warn("index manifest unreadable; rebuilding the index from the store", "dir", dir, "err", err)
		m = manifest{}
	}
	if m.Window != opts.Window {
		m.Segments = nil
	}
	stale := false
	for _, ref := range m.Segments {
		s, err := p.check(ctx, ref)
		if err != nil {
			slog.Warn("index segment unusable; rebuilding from the store", "file", ref.File, "err", err)
			stale = true
			break // later segments number on from this one: rebuilt too
		}
		ix.addSegment(s)
		p.refs = append(p.refs, ref)
	}
	p.next = nextSegmentNumber(dir)
	if p.lock != nil {
		if stale || len(p.refs) != len(m.Segments) {
			if err := p.writeManifest(opts.Window); err != nil {
				ix.Close()
				return nil, err
			}
		}
		p.removeOrphans()
	}
	// Index what the store added since, writing a segment every flushDocs
	// documents when this process may write, so that memory holds at most
	// that many however far behind the folder is.
	limit := flushDocs
	if p.lock == nil {
		limit = 0
	}
	for {
		n, err := ix.load(ctx, store, limit)
		if err == nil {
			err = ix.Maintain(ctx)
		}
		if err != nil {
			ix.Close()
			return nil, err
		}
		if limit == 0 || n < limit {
			return ix, nil
		}
	}
}

// littleEndian reports whether this machine stores numbers as segment
// files do.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// flushDocs is how many documents OpenIndex indexes in memory before it
// writes them as a segment: about 500 MB of memory for news articles of
// 3.4 KB. Tests lower it.
var flushDocs = 50_000

// check opens the segment ref names and checks it against the manifest
// and the store.
func (p *persister) check(ctx context.Context, ref segmentRef) (*segFile, error) {
	s, err := openSegment(filepath.Join(p.dir, ref.File))
	if err != nil {
		return nil, err
	}
	n := s.numDocs()
	switch {
	case int(n) != ref.Docs || int64(len(s.data)) != ref.Size:
		err = fmt.Errorf("%d documents in %d bytes, the manifest says %d in %d", n, len(s.data), ref.Docs, ref.Size)
	case n > 0 && (s.ids[n-1] != ref.LastID || s.seqs[n-1] != ref.LastSeq):
		err = errors.New("its last document is not the manifest's")
	case n > 0:
		var doc *corpus.Document
		if doc, err = p.store.Document(ctx, ref.LastID); err == nil && (doc.Seq != ref.LastSeq || doc.Hash != ref.LastHash) {
			err = fmt.Errorf("document %d changed in the store", ref.LastID)
		}
	}
	if err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// addSegment appends an open segment after the index's other segments;
// the index holds no documents in memory yet.
func (ix *Index) addSegment(s *segFile) {
	ix.segs = append(ix.segs, s)
	ix.segBase = append(ix.segBase, ix.memBase)
	base := ix.memBase
	ix.memBase += s.numDocs()
	for l, n := range s.langs {
		ix.langs[l] += n
	}
	ix.nParas += int(s.h.paras)
	ix.nWords += s.h.words
	ix.windowWords += s.h.windowWords
	ix.nSents += int(s.h.sents)
	ix.live += int(s.numDocs())
	if n := s.numDocs(); n > 0 {
		ix.maxSeq = max(ix.maxSeq, s.seqs[n-1])
	}
	// A document indexed twice (added again before a flush): the later stands.
	for i := 1; i < len(s.idOrder); i++ {
		a, b := s.idOrder[i-1], s.idOrder[i]
		if s.ids[a] == s.ids[b] {
			ix.retire(base + min(a, b))
		}
	}
}

// Maintain writes the documents indexed in memory as a new segment and
// merges segments, when this process holds the index directory's lock;
// otherwise, or without a directory, it does nothing. A server calls it
// from time to time; OpenIndex calls it once.
func (ix *Index) Maintain(ctx context.Context) error {
	p := ix.persist
	if p == nil || p.lock == nil {
		return nil
	}
	if err := ix.flush(); err != nil {
		return err
	}
	return ix.merge(ctx)
}

// Keep follows the store until ctx ends: every interval it indexes what
// the store added since (by another process: a replica sharing the store,
// or bot ingest run beside the bot), and every maintainTicks intervals it
// calls Maintain. Failures are logged: answers go on meanwhile from what
// is indexed. What is not written when the process stops is indexed again
// from the store at the next start.
func (ix *Index) Keep(ctx context.Context, store DocumentSource, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for tick := 1; ; tick++ {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if _, err := ix.Load(ctx, store); err != nil && ctx.Err() == nil {
			slog.Warn("index does not follow the store", "err", err)
		}
		if tick%maintainTicks == 0 {
			if err := ix.Maintain(ctx); err != nil && ctx.Err() == nil {
				slog.Warn("index not written", "err", err)
			}
		}
	}
}

// maintainTicks is how many of Keep's intervals pass between two
// Maintains: documents are found within one interval, written out within
// maintainTicks.
const maintainTicks = 10

// flush writes the documents in memory as a segment and empties memory.
func (ix *Index) flush() error {
	p := ix.persist
	p.mu.Lock()
	defer p.mu.Unlock()
	ix.addMu.Lock() // no document is added while memory is written out
	defer ix.addMu.Unlock()
	ix.mu.RLock()
	n := len(ix.docs)
	for _, e := range ix.docs {
		if e.doc.ID == 0 {
			ix.mu.RUnlock()
			return errors.New("index flush: a document not from the store cannot be written")
		}
	}
	if n == 0 {
		ix.mu.RUnlock()
		return nil
	}
	s, ref, err := p.newSegment(ix.opts.Window, []segSource{memSource{ix}})
	ix.mu.RUnlock()
	if err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	p.refs = append(p.refs, ref)
	if err := p.writeManifest(ix.opts.Window); err != nil {
		p.refs = p.refs[:len(p.refs)-1]
		s.close()
		return err
	}
	for i, e := range ix.docs[:min(n, docCacheSize/2)] {
		ix.cache.put(ix.memBase+int32(i), e.doc)
	}
	ix.segs = append(ix.segs, s)
	ix.segBase = append(ix.segBase, ix.memBase)
	ix.memBase += int32(n)
	ix.resetMemory()
	return nil
}

// resetMemory empties the documents in memory, which a flush wrote out;
// the totals stay. The caller holds the write lock.
func (ix *Index) resetMemory() {
	ix.docs = nil
	ix.byID = map[int64]int32{}
	ix.byPtr = map[*corpus.Document]int32{}
	ix.dict = map[string]int32{}
	ix.terms = nil
	ix.prefix = map[string][]int32{}
	ix.docStart = []int32{0}
	ix.sentLen = nil
	ix.sentPara = nil
	ix.paraLen = nil
}

// mergeRatio: the newest two segments are merged while the older holds
// fewer than mergeRatio times the documents of the newer, so segment
// sizes grow geometrically and a corpus of N documents keeps about
// log(N)/log(mergeRatio) segments, each document rewritten as often.
const mergeRatio = 4

// merge merges segments by the rule above.
func (ix *Index) merge(ctx context.Context) error {
	p := ix.persist
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		ix.mu.RLock()
		k := len(ix.segs)
		if k < 2 || ix.segs[k-2].numDocs() >= mergeRatio*ix.segs[k-1].numDocs() ||
			ix.segs[k-2].data == nil || ix.segs[k-1].data == nil { // a placeholder
			ix.mu.RUnlock()
			return nil
		}
		a, b := ix.segs[k-2], ix.segs[k-1]
		ix.mu.RUnlock()
		// Segments are immutable and only this goroutine (holding p.mu)
		// unmaps them: they can be read without the index's lock.
		if err := ix.replaceSegments(k-2, []*segFile{a, b}, []segSource{a, b}); err != nil {
			return err
		}
	}
}

// replaceSegments writes srcs as one new segment and puts it in place of
// old, which start at segment k; the caller holds p.mu.
func (ix *Index) replaceSegments(k int, old []*segFile, srcs []segSource) error {
	p := ix.persist
	s, ref, err := p.newSegment(ix.opts.Window, srcs)
	if err != nil {
		return err
	}
	ix.mu.Lock()
	if !slices.Equal(ix.segs[k:k+len(old)], old) {
		ix.mu.Unlock()
		s.close()
		os.Remove(filepath.Join(p.dir, s.name))
		return errors.New("index segments changed during a merge")
	}
	refs := slices.Clone(p.refs)
	p.refs = slices.Replace(p.refs, k, k+len(old), ref)
	if err := p.writeManifest(ix.opts.Window); err != nil {
		p.refs = refs
		ix.mu.Unlock()
		s.close()
		return err
	}
	ix.segs = slices.Replace(ix.segs, k, k+len(old), s)
	ix.segBase = slices.Delete(ix.segBase, k+1, k+len(old))
	ix.mu.Unlock()
	for _, o := range old {
		if o != s {
			o.close()
			os.Remove(filepath.Join(p.dir, o.name))
		}
	}
	return nil
}

// repair handles a search's error: when it names a corrupt segment, the
// segment is rebuilt from the store (or, when that fails, left out of
// every search) and repair reports true: search again.
func (ix *Index) repair(err error) bool {
	var se *segError
	if !errors.As(err, &se) {
		return false
	}
	p := ix.persist
	if p == nil {
		return ix.exclude(se.seg, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	ix.mu.RLock()
	k := slices.Index(ix.segs, se.seg)
	ix.mu.RUnlock()
	if k < 0 {
		return true // already replaced
	}
	slog.Warn("index segment corrupt; rebuilding it from the store", "file", se.seg.name, "err", err)
	rebuilt, rerr := rebuild(context.Background(), p.store, se.seg, ix.opts)
	if rerr == nil && p.lock != nil {
		rerr = ix.replaceSegments(k, []*segFile{se.seg}, []segSource{memSource{rebuilt}})
	} else if rerr == nil {
		rerr = errors.New("another process holds the index directory")
	}
	if rerr != nil {
		slog.Warn("index segment not rebuilt; its documents are left out of answers", "file", se.seg.name, "err", rerr)
		return ix.exclude(se.seg, err)
	}
	return true
}

// rebuild indexes again, in memory, the store's documents a segment held.
func rebuild(ctx context.Context, store Store, s *segFile, opts Options) (*Index, error) {
	n := s.numDocs()
	tmp := NewIndex(opts)
	if n == 0 {
		return tmp, nil
	}
	var docs []*corpus.Document
	for d, err := range store.Documents(ctx, s.seqs[0]-1) {
		if err != nil {
			return nil, err
		}
		if d.Seq > s.seqs[n-1] {
			break
		}
		if int32(len(docs)) >= n || d.ID != s.ids[len(docs)] {
			return nil, fmt.Errorf("the store no longer holds the documents of %s", s.name)
		}
		docs = append(docs, d)
	}
	if int32(len(docs)) != n {
		return nil, fmt.Errorf("the store holds %d of the %d documents of %s", len(docs), n, s.name)
	}
	tmp.Add(docs...)
	return tmp, nil
}

// exclude leaves a segment out of every search from now on: its
// documents are retired. It reports true: search again.
func (ix *Index) exclude(s *segFile, err error) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	k := slices.Index(ix.segs, s)
	if k < 0 {
		return true
	}
	slog.Warn("index segment left out of searches", "file", s.name, "err", err)
	ix.segs[k] = placeholder(s)
	for d := range s.numDocs() {
		ix.retire(ix.segBase[k] + d)
	}
	return true
}

// placeholder returns a segment with as many documents as s and nothing
// indexed: it keeps the numbers of the documents after it while s is left
// out. It is never written (merge stops at it) and has no file.
func placeholder(s *segFile) *segFile {
	n := s.numDocs()
	e := &segFile{name: s.name, h: segHeader{docs: int64(n), window: s.h.window}, langs: map[string]int{}}
	e.ids, e.seqs = make([]int64, n), make([]int64, n)
	e.docStart, e.termAt, e.sentOff = make([]int32, n+1), make([]int64, n+1), make([]int32, n)
	e.idOrder = make([]int32, n)
	for i := range e.idOrder {
		e.idOrder[i] = int32(i)
	}
	e.textAt, e.postAt, e.titleAt = []int64{0}, []int64{0}, []int64{0}
	e.termOK, e.docOK = nil, make([]atomic.Uint32, (n+31)/32)
	for i := range e.docOK {
		e.docOK[i].Store(^uint32(0))
	}
	return e
}

// newSegment writes srcs as a new segment file, opens it and describes it
// for the manifest, which does not name it yet.
func (p *persister) newSegment(window int, srcs []segSource) (*segFile, segmentRef, error) {
	path := filepath.Join(p.dir, p.newName())
	if _, err := writeSegment(path, window, srcs); err != nil {
		return nil, segmentRef{}, err
	}
	s, err := openSegment(path)
	if err == nil {
		var ref segmentRef
		if ref, err = p.refOf(s); err == nil {
			return s, ref, nil
		}
		s.close()
	}
	os.Remove(path)
	return nil, segmentRef{}, err
}

// refOf describes an open segment for the manifest.
func (p *persister) refOf(s *segFile) (segmentRef, error) {
	ref := segmentRef{File: s.name, Size: int64(len(s.data)), Docs: int(s.numDocs())}
	if n := s.numDocs(); n > 0 {
		ref.FirstSeq, ref.LastSeq, ref.LastID = s.seqs[0], s.seqs[n-1], s.ids[n-1]
		doc, err := p.store.Document(context.Background(), ref.LastID)
		if err != nil {
			return ref, fmt.Errorf("index segment %s: %w", s.name, err)
		}
		ref.LastHash = doc.Hash
	}
	return ref, nil
}

// newName returns the file name of the next segment.
func (p *persister) newName() string {
	p.next++
	return fmt.Sprintf("seg-%06d.ndx", p.next-1)
}

// nextSegmentNumber returns one more than the highest segment number in dir.
func nextSegmentNumber(dir string) int {
	next := 1
	names, _ := filepath.Glob(filepath.Join(dir, "seg-*.ndx*"))
	for _, n := range names {
		var k int
		if _, err := fmt.Sscanf(filepath.Base(n), "seg-%06d.ndx", &k); err == nil && k >= next {
			next = k + 1
		}
	}
	return next
}

// removeOrphans removes the files of dir the manifest does not name:
// segments of an interrupted flush or merge, or replaced ones.
func (p *persister) removeOrphans() {
	keep := map[string]bool{"MANIFEST": true, "lock": true}
	for _, r := range p.refs {
		keep[r.File] = true
	}
	entries, _ := os.ReadDir(p.dir)
	for _, e := range entries {
		if !keep[e.Name()] && (strings.HasPrefix(e.Name(), "seg-") || strings.HasSuffix(e.Name(), ".tmp")) {
			os.Remove(filepath.Join(p.dir, e.Name()))
		}
	}
}

func readManifest(path string) (manifest, error) {
	var m manifest
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return manifest{}, fmt.Errorf("%s: %w", path, err)
	}
	if m.Format != manifestFormat {
		return manifest{}, fmt.Errorf("%s: format %d, this program reads %d", path, m.Format, manifestFormat)
	}
	return m, nil
}

// writeManifest replaces the manifest with p.refs.
func (p *persister) writeManifest(window int) error {
	m := manifest{Format: manifestFormat, Window: window, Segments: p.refs}
	if m.Segments == nil {
		m.Segments = []segmentRef{}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(p.dir, "MANIFEST")
	if err := writeFileSync(path+".tmp", append(b, '\n')); err != nil {
		return fmt.Errorf("index manifest: %w", err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		return fmt.Errorf("index manifest: %w", err)
	}
	return syncDir(p.dir)
}

func writeFileSync(path string, b []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err = f.Write(b); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	d.Sync() // not every file system syncs directories; the rename stands regardless
	return nil
}

// Close unmaps the index's segments and releases its directory. The index
// must not be used after.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, s := range ix.segs {
		s.close()
	}
	ix.segs, ix.segBase = nil, nil
	if p := ix.persist; p != nil && p.lock != nil {
		p.lock.Close()
		p.lock = nil
	}
	return nil
}
