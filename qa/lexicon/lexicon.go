// Package lexicon bridges the vocabulary gap between a journalist's
// question and a source: "Iranian" and "Iran", "websites" and "sites",
// "visiting" and "visitor". It answers two questions about an English
// word: which lemmas are related to it (Related), and whether it is a verb
// of saying, the verbs news copy reports speech with (SpeechVerb).
//
// The data is compiled from WordNet 3.0: for each single-word lemma, the
// synonyms, derivationally related forms and pertainyms of its three most
// frequent senses per part of speech; WordNet's lists of irregular
// inflections; and the verbs of saying, the hyponyms down to depth 2 of
// "say", "state", "tell", "deny", "claim", "comment" and "announce".
// Three senses, not two, because news asks in common words whose third
// sense is the one sources use ("site" for "website"); the ranking weighs a
// related match by its own fitted weight, so the noise this lets in costs
// what the data says. The file wordnet.tsv.gz is embedded in the binary and parsed once, on first
// use. The generator in internal/gen documents the format and the choices;
// to rebuild the file, install WordNet (on Debian, the wordnet-base
// package) and run "go generate" in this directory.
//
// WordNet 3.0 Copyright 2006 by Princeton University. All rights
// reserved. The data is used and redistributed under the WordNet 3.0
// licence, whose full text is in LICENSE.wordnet beside this file.
package lexicon

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

//go:generate go run ./internal/gen -wordnet /usr/share/wordnet -senses 3 -out wordnet.tsv.gz

//go:embed wordnet.tsv.gz
var compressed []byte

// dataName names the embedded file in errors.
const dataName = "wordnet.tsv.gz"

// load parses the embedded data on first use. The data is checked by the
// package's tests, so a parse error is a build defect and panics.
var load = sync.OnceValue(func() *lexicon {
	lx, err := parse(compressed)
	if err != nil {
		panic("lexicon: " + err.Error())
	}
	return lx
})

// Related returns the lemmas WordNet relates to word, an English word as
// written in a text, possibly inflected ("sites", "visiting", "went"),
// case folded: the union of the related lemmas of each of its base forms,
// as WordNet's morphy finds them, each base form taken as the part of
// speech whose rules found it ("bed" read as the verb "be" + "d" brings
// the verb's relations only), without the word itself or its base forms,
// sorted. It returns nil for a word that has no base form in WordNet or
// nothing related.
func Related(word string) []string {
	lx := load()
	word = strings.ToLower(word)
	bases := lx.baseForms(word)
	isBase := func(w string) bool {
		return slices.ContainsFunc(bases, func(b baseForm) bool { return b.lemma == w })
	}
	var out []string
	for _, b := range bases {
		for r := range strings.FieldsSeq(lx.lookup(b.lemma).related[b.pos]) {
			if r != word && !isBase(r) {
				out = append(out, r)
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// SpeechVerb reports whether word, an English word as written in a text
// ("said", "denies", "commented"), case folded, has a base form among the
// verbs of saying.
func SpeechVerb(word string) bool {
	lx := load()
	word = strings.ToLower(word)
	found := false
	lx.candidates(word, verb, func(base string) bool {
		_, found = lx.speech[base]
		return !found
	})
	return found
}

// Known reports whether word, an English word as written in a text, case
// folded, has a base form in WordNet: it is a word of the language, not
// only a name ("motors", "airlines" and "american" are; "stamm" is not).
func Known(word string) bool {
	return len(load().baseForms(strings.ToLower(word))) > 0
}
