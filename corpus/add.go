package corpus

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Outcome says what AddBatch did with one document.
type Outcome int

// The outcomes of adding a document.
const (
	Added     Outcome = iota + 1 // stored as a new, original document (see AddBatch)
	Unchanged                    // the same content was already stored: nothing done
	Duplicate                    // stored, linked to the original it copies
	// Carried means the same content was already stored from another
	// outlet: the document is kept as a carrier of that text (see
	// Carrier), not as a second copy.
	Carried
)

// String returns the outcome's name as a summary prints it.
func (o Outcome) String() string {
	switch o {
	case Added:
		return "added"
	case Unchanged:
		return "unchanged"
	case Duplicate:
		return "duplicate"
	case Carried:
		return "carried"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// prepared is a document ready to store: its checks and the costly
// derived values are done outside the write transaction (and, when
// ingesting, on the worker pool).
type prepared struct {
	doc       *Document
	sentences []byte   // encodeSentences
	sig       []uint64 // Signature of the body; nil without words
	keys      []uint64 // BandKeys of sig
}

// prepare checks d and derives what storing it needs. A document without
// a Hash gets ContentHash of its body.
func prepare(d *Document) (prepared, error) {
	if d.Body == "" {
		return prepared{}, fmt.Errorf("%s: %w", d.Origin, ErrNoText)
	}
	if err := checkFields(d); err != nil {
		return prepared{}, fmt.Errorf("%s: %w", d.Origin, err)
	}
	blob, err := encodeSentences(d.Sentences, len(d.Body))
	if err != nil {
		return prepared{}, fmt.Errorf("%s: %w", d.Origin, err)
	}
	if n := strings.Count(d.Body, "\n\n") + 1; d.Pages != nil && len(d.Pages) != n {
		return prepared{}, fmt.Errorf("%s: %d page numbers for %d paragraphs", d.Origin, len(d.Pages), n)
	}
	if d.Hash == "" {
		d.Hash = ContentHash(d.Body)
	}
	sig := Signature(d.Body)
	return prepared{doc: d, sentences: blob, sig: sig, keys: BandKeys(sig)}, nil
}

// checkFields refuses text no store should hold, the same in SQLite and
// PostgreSQL (whose text cannot hold a NUL): a field that is not UTF-8 or
// holds a NUL character. Loaders refuse such files earlier; this guards
// documents made in code.
func checkFields(d *Document) error {
	for _, f := range []struct{ name, text string }{
		{"title", d.Title}, {"outlet", d.Outlet}, {"author", d.Author}, {"url", d.URL}, {"lang", d.Lang}, {"body", d.Body},
	} {
		if !utf8.ValidString(f.text) {
			return fmt.Errorf("%s: %w", f.name, ErrInvalidUTF8)
		}
		if i := strings.IndexByte(f.text, 0); i >= 0 {
			return fmt.Errorf("%s: %w: NUL character at byte %d", f.name, ErrBinary, i)
		}
	}
	return nil
}

// AddBatch stores docs in one transaction and reports what happened to
// each, in order. A document whose Hash is already stored is Unchanged,
// or Carried when it comes from another outlet than the stored one and
// that outlet's copy (by its origin) was not recorded yet: syndication,
// the same story printed word for word by two outlets, keeps both names.
// Any other document is stored with the next Seq and the time of adding.
//
// Near-duplicates (Similarity ≥ NearDuplicate) form a group whose members
// all link (DuplicateOf) to one original: its earliest published member,
// an undated one counting as later than any date, and among those
// published the same day (or all undated) the earliest stored, whatever
// the order in which they are added. A document that near-duplicates
// stored documents, or earlier ones in the batch, joins the group of the
// earliest stored of them: when it was published no earlier than the
// group's original it is a Duplicate linked to that original; when it was
// published earlier it is Added as the group's new original, and the
// former original and every document linked to it are linked to it
// instead, in the same transaction. So a document reported Added by one
// call may become a copy in a later one; within a batch the outcomes are
// those at commit, so a document displaced by a later one in the same
// batch is reported Duplicate.
//
// On return each document's ID, Seq, Added and DuplicateOf are those
// stored. On error nothing is stored and the documents are left as they
// were.
func (s *Store) AddBatch(ctx context.Context, docs []*Document) ([]Outcome, error) {
	items := make([]prepared, len(docs))
	for i, d := range docs {
		p, err := prepare(d)
		if err != nil {
			return nil, fmt.Errorf("add batch: document %d: %w", i, err)
		}
		items[i] = p
	}
	return s.addPrepared(ctx, items)
}

// addPrepared is AddBatch after prepare.
func (s *Store) addPrepared(ctx context.Context, items []prepared) ([]Outcome, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("add batch: %w", err)
	}
	defer tx.Rollback()
	if s.sigs == nil || len(s.sigs) > maxCachedSigs {
		s.sigs = make(map[int64][]uint64)
	}
	committed := false
	defer func() {
		if !committed {
			// A rolled-back batch frees its ids for other bodies.
			s.sigs = nil
		}
	}()
	w, err := newBatchWriter(ctx, tx, s.dialect, s.now().UTC(), s.sigs)
	if err != nil {
		return nil, fmt.Errorf("add batch: %w", err)
	}
	defer w.close()
	results := make([]storedRow, len(items))
	for i, p := range items {
		if results[i], err = w.add(ctx, p); err != nil {
			return nil, fmt.Errorf("add batch: %s: %w", p.doc.Origin, err)
		}
		if old := results[i].displaced; old != 0 {
			for j := range results[:i] {
				results[j].relink(old, results[i].id)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("add batch: commit: %w", err)
	}
	committed = true
	outcomes := make([]Outcome, len(items))
	for i, r := range results {
		d := items[i].doc
		d.ID, d.Seq, d.DuplicateOf, d.Added = r.id, r.seq, r.dupOf, r.added
		outcomes[i] = r.outcome
	}
	return outcomes, nil
}

// storedRow is what the store holds for a document after adding it.
type storedRow struct {
	id, seq, dupOf int64
	added          time.Time
	outcome        Outcome
	displaced      int64 // the former original this one replaced; 0 if none
}

// relink follows the store when the original old was replaced by orig: a
// row that was old, or linked to it, is now linked to orig, and a row
// stored as an original in this batch is now a Duplicate.
func (r *storedRow) relink(old, orig int64) {
	if r.id != old && r.dupOf != old {
		return
	}
	r.dupOf = orig
	if r.outcome == Added {
		r.outcome = Duplicate
	}
}

// known is a stored document as a near-duplicate candidate, or as the
// original of a group.
type known struct {
	id, seq, dupOf int64
	published      string   // in dateLayout, "" when unknown
	sig            []uint64 // nil for an original read only for its date
}

// before reports whether k is a better original than o: published
// earlier, an undated document counting as later than any date, or else
// stored earlier.
func (k known) before(o known) bool {
	if k.published != o.published {
		return o.published == "" || k.published != "" && k.published < o.published
	}
	return k.seq < o.seq
}

// batchWriter adds documents inside one transaction.
type batchWriter struct {
	tx      *sql.Tx
	now     time.Time
	nextSeq int64
	seen    map[int64]known    // candidates already signed, by id
	sigs    map[int64][]uint64 // the store's cache of stored bodies' signatures (Store.sigs)

	byHash, insertDoc, insertBands, insertCarrier, isCarrier, takeOver, candidates, candidate, dated, linked, relink *sql.Stmt

	// returning is set on PostgreSQL, which has no last insert id: the
	// new document's id comes back with RETURNING.
	returning bool
}

func newBatchWriter(ctx context.Context, tx *sql.Tx, dialect Dialect, now time.Time, sigs map[int64][]uint64) (*batchWriter, error) {
	w := &batchWriter{tx: tx, now: now, seen: map[int64]known{}, sigs: sigs, returning: dialect == PostgreSQL}
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM documents").Scan(&w.nextSeq); err != nil {
		return nil, err
	}
	w.nextSeq++
	var bands, union []string
	for b := range lshBands {
		bands = append(bands, fmt.Sprintf("(%d, ?%d, ?1)", b, b+2))
		union = append(union, fmt.Sprintf("SELECT doc_id FROM lsh_bands WHERE band = %d AND key = ?%d", b, b+1))
	}
	// INSERT OR IGNORE is SQLite's; ON CONFLICT DO NOTHING does the same
	// on PostgreSQL. SQLite keeps OR IGNORE, which spares the band insert a
	// statement journal (see schemaV1).
	insertIgnore, ignore, returning := "INSERT OR IGNORE INTO", "", ""
	if dialect == PostgreSQL {
		insertIgnore, ignore, returning = "INSERT INTO", " ON CONFLICT DO NOTHING", " RETURNING id"
	}
	stmts := []struct {
		to  **sql.Stmt
		sql string
	}{
		{&w.byHash, "SELECT id, seq, duplicate_of, added, origin, outlet, url, published FROM documents WHERE hash = ?"},
		{&w.insertCarrier, insertIgnore + " carriers (document_id, origin, outlet, url, published, added) VALUES (?, ?, ?, ?, ?, ?)" + ignore},
		{&w.isCarrier, "SELECT count(*) FROM carriers WHERE document_id = ? AND origin = ?"},
		{&w.takeOver, "UPDATE documents SET origin = ?, title = ?, outlet = ?, author = ?, published = ?, url = ? WHERE id = ?"},
		{&w.insertDoc, "INSERT INTO documents (seq, hash, duplicate_of, added, origin, title, outlet, author, published, url, lang, sentences, body, pages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" + returning},
		{&w.insertBands, insertIgnore + " lsh_bands (band, key, doc_id) VALUES " + strings.Join(bands, ", ") + ignore},
		{&w.candidates, strings.Join(union, " UNION ALL ")}, // original() skips repeats
		{&w.candidate, "SELECT seq, coalesce(duplicate_of, 0), coalesce(published, ''), body FROM documents WHERE id = ?"},
		{&w.dated, "SELECT seq, coalesce(published, '') FROM documents WHERE id = ?"},
		{&w.linked, "SELECT seq, coalesce(duplicate_of, 0), coalesce(published, '') FROM documents WHERE id = ?"},
		// A multi-index OR: the primary key, and documents_by_original.
		{&w.relink, "UPDATE documents SET duplicate_of = ?1 WHERE id = ?2 OR duplicate_of = ?2"},
	}
	for _, st := range stmts {
		var err error
		if *st.to, err = tx.PrepareContext(ctx, st.sql); err != nil {
			w.close()
			return nil, err
		}
	}
	return w, nil
}

func (w *batchWriter) close() {
	for _, st := range []*sql.Stmt{w.byHash, w.insertDoc, w.insertBands, w.insertCarrier, w.isCarrier, w.takeOver, w.candidates, w.candidate, w.dated, w.linked, w.relink} {
		if st != nil {
			st.Close()
		}
	}
}

// add stores one document unless its content is stored already.
func (w *batchWriter) add(ctx context.Context, p prepared) (storedRow, error) {
	var (
		r     storedRow
		dup   sql.NullInt64
		added string
	)
	var stored carrierRow
	err := w.byHash.QueryRowContext(ctx, p.doc.Hash).Scan(&r.id, &r.seq, &dup, &added,
		&stored.origin, &stored.outlet, &stored.url, &stored.published)
	switch {
	case err == nil:
		r.dupOf, r.outcome = dup.Int64, Unchanged
		if r.added, err = time.Parse(addedLayout, added); err != nil {
			return r, fmt.Errorf("document %d: added: %w", r.id, err)
		}
		if d := p.doc; d.Origin != stored.origin && d.Outlet != "" && !strings.EqualFold(d.Outlet, stored.outlet) {
			carried, err := w.carry(ctx, r.id, d, stored)
			if err != nil {
				return r, err
			}
			if carried {
				r.outcome = Carried
			}
		}
		return r, nil
	case !errors.Is(err, sql.ErrNoRows):
		return r, err
	}
	d := p.doc
	me := known{seq: w.nextSeq, sig: p.sig}
	if !d.Published.IsZero() {
		me.published = d.Published.Format(dateLayout)
	}
	if r.dupOf, r.displaced, err = w.original(ctx, p, me); err != nil {
		return r, err
	}
	r.seq, r.added, r.outcome = me.seq, w.now, Added
	if r.dupOf != 0 {
		r.outcome = Duplicate
	}
	var published any // NULL when unknown
	if me.published != "" {
		published = me.published
	}
	args := []any{r.seq, d.Hash, sql.NullInt64{Int64: r.dupOf, Valid: r.dupOf != 0},
		r.added.Format(addedLayout), d.Origin, d.Title, d.Outlet, d.Author, published, d.URL, d.Lang,
		p.sentences, d.Body, encodePages(d.Pages)}
	if w.returning {
		if err := w.insertDoc.QueryRowContext(ctx, args...).Scan(&r.id); err != nil {
			return r, err
		}
	} else {
		res, err := w.insertDoc.ExecContext(ctx, args...)
		if err != nil {
			return r, err
		}
		if r.id, err = res.LastInsertId(); err != nil {
			return r, err
		}
	}
	w.nextSeq++
	if r.displaced != 0 {
		if err := w.replace(ctx, r.displaced, r.id); err != nil {
			return r, err
		}
	}
	if p.keys != nil {
		args := make([]any, 1, 1+len(p.keys))
		args[0] = r.id
		for _, k := range p.keys {
			args = append(args, int64(k))
		}
		if _, err := w.insertBands.ExecContext(ctx, args...); err != nil {
			return r, err
		}
		me.id, me.dupOf = r.id, r.dupOf
		w.seen[r.id] = me
	}
	return r, nil
}

// carrierRow is the part of a stored document a carrier keeps.
type carrierRow struct {
	origin, outlet, url string
	published           sql.NullString
}

// carry records d, whose text document id (stored as stored) holds, as a
// carrier of it, unless d's origin is recorded already, and reports
// whether it was new. When d was published earlier than the stored
// document, d becomes the document (it printed the text first) and the
// stored one its carrier.
func (w *batchWriter) carry(ctx context.Context, id int64, d *Document, stored carrierRow) (bool, error) {
	var n int
	if err := w.isCarrier.QueryRowContext(ctx, id, d.Origin).Scan(&n); err != nil || n > 0 {
		return false, err
	}
	c := carrierRow{origin: d.Origin, outlet: d.Outlet, url: d.URL}
	if !d.Published.IsZero() {
		c.published = sql.NullString{String: d.Published.Format(dateLayout), Valid: true}
	}
	if c.published.Valid && (!stored.published.Valid || c.published.String < stored.published.String) {
		if _, err := w.takeOver.ExecContext(ctx, d.Origin, d.Title, d.Outlet, d.Author, c.published, d.URL, id); err != nil {
			return false, fmt.Errorf("make %s the first printer of document %d: %w", d.Origin, id, err)
		}
		c = stored
	}
	if _, err := w.insertCarrier.ExecContext(ctx, id, c.origin, c.outlet, c.url, c.published, w.now.Format(addedLayout)); err != nil {
		return false, fmt.Errorf("record %s as carrying document %d: %w", c.outlet, id, err)
	}
	return true, nil
}

// replace makes orig the original of the group whose original was old:
// old and every document linked to it are linked to orig, in the store and
// in the candidates seen.
func (w *batchWriter) replace(ctx context.Context, old, orig int64) error {
	if _, err := w.relink.ExecContext(ctx, orig, old); err != nil {
		return fmt.Errorf("link the copies of %d to %d: %w", old, orig, err)
	}
	for id, k := range w.seen {
		if id == old || k.dupOf == old {
			k.dupOf = orig
			w.seen[id] = k
		}
	}
	return nil
}

// original finds the group of near-duplicates p joins, me being p as it
// will be stored (its seq and date). Among the stored documents sharing a
// band key with p, those whose signatures agree enough, the earliest
// stored names the group: itself when it is an original, else the
// document it copies. original returns that group's original when p was
// published no earlier (see known.before), for p to link to it; or, when p
// was published earlier, 0 and the original p displaces. Both are 0 when p
// near-duplicates nothing. It reads the stored dates only of candidates,
// and of the group's original when it is not one.
func (w *batchWriter) original(ctx context.Context, p prepared, me known) (dupOf, displaced int64, err error) {
	if p.keys == nil {
		return 0, 0, nil
	}
	args := make([]any, len(p.keys))
	for i, k := range p.keys {
		args[i] = int64(k)
	}
	rows, err := w.candidates.QueryContext(ctx, args...)
	if err != nil {
		return 0, 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var best known
	for _, id := range ids {
		c, ok := w.seen[id]
		if !ok {
			c.id = id
			if c.sig = w.sigs[id]; c.sig != nil {
				err = w.linked.QueryRowContext(ctx, id).Scan(&c.seq, &c.dupOf, &c.published)
			} else {
				var body string
				err = w.candidate.QueryRowContext(ctx, id).Scan(&c.seq, &c.dupOf, &c.published, &body)
				c.sig = Signature(body)
				w.sigs[id] = c.sig
			}
			if err != nil {
				return 0, 0, fmt.Errorf("near-duplicate candidate %d: %w", id, err)
			}
			w.seen[id] = c
		}
		if Similarity(p.sig, c.sig) >= NearDuplicate && (best.id == 0 || c.seq < best.seq) {
			best = c
		}
	}
	if best.id == 0 {
		return 0, 0, nil
	}
	orig := best
	if best.dupOf != 0 {
		var ok bool
		if orig, ok = w.seen[best.dupOf]; !ok {
			orig.id = best.dupOf
			if err := w.dated.QueryRowContext(ctx, orig.id).Scan(&orig.seq, &orig.published); err != nil {
				return 0, 0, fmt.Errorf("original %d: %w", orig.id, err)
			}
		}
	}
	if me.before(orig) {
		return 0, orig.id, nil
	}
	return orig.id, 0, nil
}
