package main

import (
	"slices"
	"strings"
)

// output is the compiled lexicon, ready to write.
type output struct {
	lemmas      []lemmaLine
	inflections []inflectionLine
	speech      []string
}

// lemmaLine is one line of the lemmas section.
type lemmaLine struct {
	lemma string
	parts []posRelated // in poses order
}

// posRelated is the related lemmas of a lemma as one part of speech.
type posRelated struct {
	pos     byte
	related []string
}

// inflectionLine is one line of the inflections section.
type inflectionLine struct {
	form  string
	pos   byte
	bases []string
}

// speechSeed is a verb sense that seeds the @speech set.
type speechSeed struct {
	lemma string
	sense int // from 1, in index.verb order
}

// speechSeeds are the senses of the verbs of saying; see the package doc.
var speechSeeds = []speechSeed{
	{"say", 1}, {"say", 2},
	{"state", 1},
	{"tell", 1}, {"tell", 2},
	{"deny", 1},
	{"claim", 1},
	{"comment", 1},
	{"announce", 1},
}

// speechDepth is how many hyponym levels below the seeds the @speech set
// reaches.
const speechDepth = 2

// single reports whether w is a single word, not a collocation.
func single(w string) bool { return w != "" && !strings.Contains(w, "_") }

// compile computes the lines of the output from d, taking relations from
// the first senses senses of each lemma and part of speech.
func compile(d *db, senses int) *output {
	out := &output{}
	rev := reversePertainyms(d)
	byLemma := map[string]*lemmaLine{}
	for i := range poses {
		pos := poses[i]
		for lemma, ids := range d.index[pos] {
			if !single(lemma) {
				continue
			}
			l := byLemma[lemma]
			if l == nil {
				l = &lemmaLine{lemma: lemma}
				byLemma[lemma] = l
			}
			rel := relatedOf(d, rev, lemma, ids[:min(senses, len(ids))])
			l.parts = append(l.parts, posRelated{pos, clean(rel, lemma)})
		}
	}
	for _, l := range byLemma {
		slices.SortFunc(l.parts, func(a, b posRelated) int {
			return strings.IndexByte(poses, a.pos) - strings.IndexByte(poses, b.pos)
		})
		out.lemmas = append(out.lemmas, *l)
	}
	slices.SortFunc(out.lemmas, func(a, b lemmaLine) int { return strings.Compare(a.lemma, b.lemma) })
	out.inflections = inflections(d)
	out.speech = speechVerbs(d)
	return out
}

// relatedOf returns the related words of lemma in the synsets ids: the
// synonyms, and the words reached from lemma by derivation and pertainym
// pointers or pointing at it by pertainym pointers.
func relatedOf(d *db, rev map[wordRef][]string, lemma string, ids []synsetID) []string {
	var rel []string
	for _, id := range ids {
		s := d.synsets[id]
		if s == nil {
			continue
		}
		for n, w := range s.words {
			if w != lemma {
				rel = append(rel, w)
				continue
			}
			ref := wordRef{id, n + 1}
			for _, p := range s.ptrs {
				if (p.sym == "+" || p.sym == `\`) && (p.src.word == 0 || p.src == ref) {
					rel = append(rel, wordsOf(d, p.dst)...)
				}
			}
			rel = append(rel, rev[ref]...)
			rel = append(rel, rev[wordRef{id, 0}]...)
		}
	}
	return rel
}

// reversePertainyms maps each word that a pertainym pointer targets to
// the words the pointer comes from, so that "iran" finds "iranian".
func reversePertainyms(d *db) map[wordRef][]string {
	rev := map[wordRef][]string{}
	for id, s := range d.synsets {
		for _, p := range s.ptrs {
			if p.sym != `\` {
				continue
			}
			rev[p.dst] = append(rev[p.dst], wordsOf(d, wordRef{id, p.src.word})...)
		}
	}
	return rev
}

// wordsOf returns the word r names, or all words of its synset for word 0.
func wordsOf(d *db, r wordRef) []string {
	s := d.synsets[r.synset]
	switch {
	case s == nil || r.word > len(s.words):
		return nil
	case r.word == 0:
		return s.words
	}
	return s.words[r.word-1 : r.word]
}

// clean sorts words, drops duplicates, collocations and self.
func clean(words []string, self string) []string {
	out := words[:0:0]
	for _, w := range words {
		if single(w) && w != self {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// inflections returns the exception list entries whose base forms are
// single-word lemmas of the same part of speech, ordered by part of
// speech and form.
func inflections(d *db) []inflectionLine {
	var out []inflectionLine
	for i := range poses {
		pos := poses[i]
		var lines []inflectionLine
		for form, bases := range d.exc[pos] {
			if !single(form) {
				continue
			}
			var keep []string
			for _, b := range bases {
				if _, ok := d.index[pos][b]; ok {
					keep = append(keep, b)
				}
			}
			if keep = clean(keep, form); len(keep) > 0 {
				lines = append(lines, inflectionLine{form, pos, keep})
			}
		}
		slices.SortFunc(lines, func(a, b inflectionLine) int { return strings.Compare(a.form, b.form) })
		out = append(out, lines...)
	}
	return out
}

// speechVerbs returns the words of the speech seed synsets and of their
// hyponyms down to speechDepth.
func speechVerbs(d *db) []string {
	seen := map[synsetID]bool{}
	var level []synsetID
	for _, s := range speechSeeds {
		ids := d.index['v'][s.lemma]
		if s.sense <= len(ids) && !seen[ids[s.sense-1]] {
			seen[ids[s.sense-1]] = true
			level = append(level, ids[s.sense-1])
		}
	}
	var words []string
	for depth := 0; len(level) > 0; depth++ {
		var next []synsetID
		for _, id := range level {
			s := d.synsets[id]
			if s == nil {
				continue
			}
			words = append(words, s.words...)
			if depth == speechDepth {
				continue
			}
			for _, p := range s.ptrs {
				if p.sym == "~" && !seen[p.dst.synset] {
					seen[p.dst.synset] = true
					next = append(next, p.dst.synset)
				}
			}
		}
		level = next
	}
	return clean(words, "")
}
