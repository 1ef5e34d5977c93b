package corpus

import (
	"context"
	"errors"
	"fmt"
)

// MaxRecent is the most documents one Recent call returns.
const MaxRecent = 500

// Recent returns up to limit documents, newest first by ingestion sequence,
// skipping the offset newest: Recent(ctx, 0, 10) is the last ten added,
// Recent(ctx, 10, 10) the ten before them. It serves paged listings (the
// bot's /sources and /latest); a page past the end is empty. limit is
// capped at MaxRecent, and a negative offset or a limit below 1 is an
// error.
func (s *Store) Recent(ctx context.Context, offset, limit int) ([]*Document, error) {
	if offset < 0 || limit < 1 {
		return nil, fmt.Errorf("recent documents: offset %d, limit %d: %w", offset, limit, errors.New("offset must be ≥ 0 and limit ≥ 1"))
	}
	limit = min(limit, MaxRecent)
	rows, err := s.db.QueryContext(ctx,
		"SELECT "+docColumns+" FROM documents ORDER BY seq DESC LIMIT ? OFFSET ?", limit, offset)
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
	return docs, nil
}
