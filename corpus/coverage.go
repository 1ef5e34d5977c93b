package corpus

import (
	"context"
	"iter"
	"strings"
)

// Coverage says how much of what a journalist loaded the store kept: every
// article, and within each, every sentence a reader would miss. Cleaning
// removes chrome; a measure that only counted articles would not see it
// removing a kept article's paragraphs too.
type Coverage struct {
	Articles int // sources loaded from the inputs
	Kept     int // of those, the ones whose text is in the store
	// Sentences counts the sentences of six words or more in the text the
	// kept articles arrived with, but a headline the archive also gives (plain text and archive text; HTML and
	// Markdown arrive as markup, not comparable); Present those found,
	// white space aside, in the stored body.
	Sentences, Present int
	// Lost are examples of what was not kept, for a reader to judge:
	// "origin: reason" for a lost article, "origin: sentence" for a lost
	// sentence. At most MaxLost.
	Lost []string
}

// MaxLost bounds Coverage.Lost.
const MaxLost = 200

// minWords is the length from which a sentence counts: shorter lines are
// where chrome lives ("Read more", "Reuter", a dateline), and the measure
// is about prose.
const minWords = 6

// MeasureCoverage compares the sources with what the store holds of them.
// A source is kept when a document with its origin is stored, or when its
// cleaned text equals a stored document's (a second copy of an article is
// "unchanged", its text already kept). The store should be the one the
// sources were ingested into, and bp the Boilerplate they were ingested
// with, if any.
func MeasureCoverage(ctx context.Context, st *Store, sources iter.Seq2[Source, error], bp *Boilerplate) (Coverage, error) {
	byOrigin := map[string]string{}
	byHash := map[string]string{}
	for d, err := range st.Documents(ctx, 0) {
		if err != nil {
			return Coverage{}, err
		}
		body := fold(d.Body)
		byOrigin[d.Origin] = body
		byHash[d.Hash] = body
	}
	var c Coverage
	lose := func(origin, what string) {
		if len(c.Lost) < MaxLost {
			c.Lost = append(c.Lost, origin+": "+what)
		}
	}
	for src, err := range sources {
		if err := ctx.Err(); err != nil {
			return c, err
		}
		if err != nil {
			c.Articles++
			lose("", err.Error())
			continue
		}
		c.Articles++
		body, ok := byOrigin[src.Origin]
		if !ok {
			if d, err := Parse(src); err == nil {
				if bp != nil {
					d.stripRepeated(bp)
				}
				body, ok = byHash[d.Hash]
			}
		}
		if !ok {
			lose(src.place(), "not stored")
			continue
		}
		c.Kept++
		if src.Format != Text {
			continue // markup is not the text a reader sees
		}
		text := strings.Join(explicitParas(src.Content), "\n\n")
		for _, s := range Split(text) {
			sent := fold(text[s.Start:s.End])
			if len(strings.Fields(sent)) < minWords || strings.EqualFold(sent, src.Meta.Title) {
				continue
			}
			c.Sentences++
			if strings.Contains(body, sent) {
				c.Present++
			} else {
				lose(src.place(), sent)
			}
		}
	}
	return c, nil
}
