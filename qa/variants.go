package qa

import (
	"strings"
	"unicode/utf8"
)

// Variants: the forms a stemmer does not bring together. Snowball cuts
// endings but not every derivation: a Russian question's "норманский"
// meets the source's "нормандский", "Атлантику" meets "Атлантический",
// an English "Iranians" meets "Iranian-backed". A question term the
// corpus does not hold may match the corpus terms that begin with all of
// it but its last maxVariantCut runes, and at least prefixRunes+1 runes
// long: such a match counts as a related word (the lexicon feature), whose
// weight is fitted like every other. The index keeps, for every term of
// more than prefixRunes runes, its first prefixRunes runes as a key, so
// finding the variants of a term reads one short list.

const (
	prefixRunes   = 5
	maxVariantCut = 2
	maxVariants   = 8
)

// prefixKey returns the key of term in Index.prefix, and whether it has one.
func prefixKey(term string) (string, bool) {
	n, end := 0, 0
	for i, r := range term {
		if !isWordRune(r) {
			return "", false
		}
		if n == prefixRunes {
			end = i
		}
		n++
	}
	if n <= prefixRunes {
		return "", false
	}
	return term[:end], true
}

// Variants returns up to maxVariants indexed terms, other than term, that
// share all of term but its last maxVariantCut runes, most frequent first.
func (ix *Index) Variants(term string) []string {
	key, ok := prefixKey(term)
	if !ok {
		return nil
	}
	stem := term
	for range maxVariantCut {
		if utf8.RuneCountInString(stem) <= prefixRunes+1 {
			break
		}
		_, size := utf8.DecodeLastRuneInString(stem)
		stem = stem[:len(stem)-size]
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	type found struct {
		text string
		docs int32
	}
	var out []found
	add := func(text string, docs int32) {
		if text == term || docs == 0 {
			return
		}
		for i := range out {
			if out[i].text == text {
				out[i].docs += docs
				return
			}
		}
		out = append(out, found{strings.Clone(text), docs})
	}
	for _, id := range ix.prefix[key] {
		t := &ix.terms[id]
		if len(t.text) >= len(stem) && t.text[:len(stem)] == stem {
			add(t.text, t.ndocs)
		}
	}
	for _, s := range ix.segs {
		lo, hi := s.withPrefix(stem)
		for id := lo; id < hi; id++ {
			add(s.termText(id), s.ndocs[id])
		}
	}
	if len(out) == 0 {
		return nil
	}
	sortFound := func(a, b found) bool { return a.docs > b.docs || a.docs == b.docs && a.text < b.text }
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && sortFound(out[j], out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	names := make([]string, 0, min(len(out), maxVariants))
	for _, f := range out[:min(len(out), maxVariants)] {
		names = append(names, f.text)
	}
	return names
}

// minHeadRunes is the fewest runes the head of a compound keeps, and the
// fewest the compound must add before it.
const minHeadRunes = 5

// Heads returns the indexed terms that end term as the head of a compound
// ("cyberattack" ends with "attack", "кибератака" with "атака"), longest
// first: a source that writes "the attack" after "the cyberattack" speaks
// of the same thing.
func (ix *Index) Heads(term string) []string {
	runes := []rune(term)
	if len(runes) < 2*minHeadRunes-2 {
		return nil
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var out []string
	for i := 3; i <= len(runes)-minHeadRunes; i++ {
		head := string(runes[i:])
		if ix.termStats(head).ndocs > 0 {
			out = append(out, head)
		}
	}
	return out
}
