package lexicon

import (
	"slices"
	"strings"
)

// Parts of speech, in the order of the data file's pos column ("nvar").
const (
	noun = iota
	verb
	adj
	adv
	numPOS
)

// posLetters are the letters of the parts of speech, by index.
const posLetters = "nvar"

// detachment is one of morphy's suffix rules: a form ending in suffix
// may be the base form ending in ending instead.
type detachment struct{ suffix, ending string }

// detachments are WordNet morphy's rules per part of speech, in its order.
// Adverbs have none.
var detachments = [numPOS][]detachment{
	noun: {{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}},
	verb: {{"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}},
	adj:  {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}},
}

// candidates calls yield with each candidate base form of word as a pos,
// as morphy makes them, until yield returns false: the word itself, then
// the bases of the exception list if it lists the word, else the forms
// the detachment rules give. Candidates need not be lemmas.
func (lx *lexicon) candidates(word string, pos int, yield func(string) bool) {
	if !yield(word) {
		return
	}
	if bases, ok := lx.inflections[pos][word]; ok {
		for b := range strings.FieldsSeq(bases) {
			if !yield(b) {
				return
			}
		}
		return
	}
	for _, d := range detachments[pos] {
		if stem, ok := strings.CutSuffix(word, d.suffix); ok && stem != "" {
			if !yield(stem + d.ending) {
				return
			}
		}
	}
}

// baseForm is a base form of a word with its part of speech.
type baseForm struct {
	lemma string
	pos   int
}

// baseForms returns the candidate base forms of word that are lemmas of
// the part of speech whose rules gave them, without duplicates.
func (lx *lexicon) baseForms(word string) []baseForm {
	var out []baseForm
	for pos := range numPOS {
		lx.candidates(word, pos, func(b string) bool {
			if bf := (baseForm{b, pos}); lx.lookup(b).pos&(1<<pos) != 0 && !slices.Contains(out, bf) {
				out = append(out, bf)
			}
			return true
		})
	}
	return out
}
