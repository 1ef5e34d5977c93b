package qa

import (
	"hash/maphash"
	"strings"
	"unicode"

	"github.com/newsdesk/newsdesk/corpus"
)

// Rewrites. A sloppy rewrite of another outlet's story (the same
// paragraphs reworded, names and dates changed) is not a near-duplicate:
// it shares too little text for the store's MinHash check (5-word
// shingles, Jaccard ≥ 0.5). It is no independent confirmation either, and
// a journalist weighing a disagreement needs to know that the odd version
// comes from a copy. Among the few documents an answer reads, a pair that
// shares at least rewriteMin of its 5-word shingles is taken for a
// rewrite: on the sample corpus the rewrite and its source share 0.077,
// while independent reports of the same attack share at most 0.019 (and
// 3 of the 10 pairs share none).
const rewriteMin = 0.05

// shingleSeed hashes shingles; any fixed seed will do within a process.
var shingleSeed = maphash.MakeSeed()

// shingles returns the hashes of the 5-word shingles of body, words
// case-folded.
func shingles(body string) map[uint64]bool {
	words := strings.FieldsFunc(strings.ToLower(body), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := make(map[uint64]bool, len(words))
	for i := 0; i+5 <= len(words); i++ {
		out[maphash.String(shingleSeed, strings.Join(words[i:i+5], " "))] = true
	}
	return out
}

// shingleJaccard is the Jaccard similarity of two shingle sets.
func shingleJaccard(a, b map[uint64]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	in := 0
	for h := range a {
		if b[h] {
			in++
		}
	}
	return float64(in) / float64(len(a)+len(b)-in)
}

// copies maps each of docs that copies another of them — a near-duplicate
// the store linked, or a rewrite — to the document it copies: the one
// published first, or, undated or on the same day, stored first.
func copies(docs []*corpus.Document) map[int64]*corpus.Document {
	out := map[int64]*corpus.Document{}
	byID := map[int64]*corpus.Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	for _, d := range docs {
		if o, ok := byID[d.DuplicateOf]; ok && d.DuplicateOf != 0 {
			out[d.ID] = o
		}
	}
	sh := make([]map[uint64]bool, len(docs))
	for i, d := range docs {
		sh[i] = shingles(d.Body)
	}
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			a, b := docs[i], docs[j]
			if out[a.ID] != nil || out[b.ID] != nil || shingleJaccard(sh[i], sh[j]) < rewriteMin {
				continue
			}
			if earlier(b, a) {
				a, b = b, a
			}
			out[b.ID] = a
		}
	}
	return out
}

// earlier reports whether a came before b: published earlier, or, when
// either is undated or both are of one day, stored earlier.
func earlier(a, b *corpus.Document) bool {
	if !a.Published.IsZero() && !b.Published.IsZero() && !a.Published.Equal(b.Published) {
		return a.Published.Before(b.Published)
	}
	return a.Seq < b.Seq || (a.Seq == b.Seq && a.ID < b.ID)
}
