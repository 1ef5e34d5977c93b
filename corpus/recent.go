package corpus

import (
	"context"
	"errors"
	"fmt"
)

// recentQuery reads a page of documents in listing order; the index of
// schemaV4 serves it.
const recentQuery = "SELECT " + docColumns + " FROM documents ORDER BY published DESC, seq DESC LIMIT ? OFFSET ?"

// pgRecentQuery is recentQuery on PostgreSQL, which sorts NULL first when
// descending unless told otherwise.
const pgRecentQuery = "SELECT " + docColumns + " FROM documents ORDER BY published DESC NULLS LAST, seq DESC LIMIT ? OFFSET ?"

// MaxRecent is the most documents one Recent call returns.
const MaxRecent = 500

// Recent returns up to limit documents, newest first — by publication
// date, undated ones after the dated, the most recently added first among
// equals — skipping the offset newest: Recent(ctx, 0, 10) is the ten
// newest, Recent(ctx, 10, 10) the ten before them. It serves paged listings (the
// bot's /sources and /latest); a page past the end is empty. limit is
// capped at MaxRecent, and a negative offset or a limit below 1 is an
// error.
func (s *Store) Recent(ctx context.Context, offset, limit int) ([]*Document, error) {
	if offset < 0 || limit < 1 {
		return nil, fmt.Errorf("recent documents: offset %d, limit %d: %w", offset, limit, errors.New("offset must be ≥ 0 and limit ≥ 1"))
	}
	limit = min(limit, MaxRecent)
	q := recentQuery
	if s.dialect == PostgreSQL {
		q = pgRecentQuery
	}
	rows, err := s.db.QueryContext(ctx, q, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("recent documents from %d: %w", offset, err)
	}
	defer rows.Close()
	docs := make([]*Document, 0, limit)
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("recent documents from %d: %w", offset, err)
	}
	rows.Close()
	if err := s.attachCarriers(ctx, docs); err != nil {
		return nil, err
	}
	return docs, nil
}
