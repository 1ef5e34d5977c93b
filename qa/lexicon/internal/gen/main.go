// Command gen compiles WordNet 3.0 into the lexicon package's data file,
// a gzip-compressed UTF-8 text file. Its first line is "#wordnet-lexicon 1";
// a line "#section NAME COUNT" opens a section of COUNT lines, and other
// lines starting with "#" are comments. The sections are:
//
//   - lemmas: one line per single-word lemma, "lemma TAB pos:related TAB
//     pos:related ...", one pos:related field for each part of speech the
//     lemma has in WordNet (pos is one of n, v, a, r, in that order), where
//     related is the space-separated, sorted list of the lemma's related
//     lemmas as that part of speech, possibly empty. The relations are
//     kept apart by part of speech so that a base form found by a verb
//     rule ("bed" as "be" + "d") brings only its verb relations, as
//     WordNet's morphy means. The related lemmas of a lemma are, for each
//     of its parts of speech, taken over its first two senses only
//     (the index files list senses by frequency, and the rare senses are
//     mostly noise for a news ranker): the other words of the sense's
//     synset, the words its derivationally related form pointers ("+")
//     reach, and its pertainyms ("\") both ways, so that "iranian" lists
//     "iran" and "iran" lists "iranian". Hypernyms and hyponyms are left
//     out: a more general or more specific word is not the same thing.
//   - inflections: the irregular forms of WordNet's exception lists
//     (noun.exc, verb.exc, adj.exc, adv.exc), "inflected TAB pos TAB
//     bases", so that lookups of "went" or "mice" reach "go" and "mouse".
//   - sets: named word sets, one line each, "@name TAB words". The only
//     set is @speech, the verbs of saying.
//
// Multi-word lemmas (written with underscores in WordNet) are dropped
// everywhere; every word is lowercase.
//
// The @speech set is seeded with the verb synsets that news copy uses to
// report what someone said, said not, or would not say ("said", "told
// reporters", "denied", "claimed", "declined to comment", "announced"):
//
//	say 1      state, say, tell: "express in words"
//	say 2      allege, aver, say: "report or maintain"
//	state 1    the same synset as say 1
//	tell 1     the same synset as say 1
//	tell 2     tell: "let something be known"
//	deny 1     deny: "declare untrue; contradict"
//	claim 1    claim: "assert or affirm strongly"
//	comment 1  comment, notice, remark, point out: "make or write a comment on"
//	announce 1 announce, denote: "make known; make an announcement"
//
// The set holds the words of these synsets and of their hyponyms ("~")
// down to depth 2, which brings in "add", "assert", "declare", "explain",
// "mention", "note", "reply", "report" and the like, 246 words. The
// set holds words, not senses, so a word that says something in one sense
// is in it for all ("sing", "break", "field", "spring"), and verbs that
// WordNet files elsewhere are not ("insist", "confirm"). The seeds are
// named by sense number, the order of a lemma's synsets in index.verb.
//
// Usage, from the lexicon package (see its go:generate directive):
//
//	go run ./internal/gen -wordnet /usr/share/wordnet -out wordnet.tsv.gz
//
// On Debian the WordNet files come with the wordnet-base package.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	dir := flag.String("wordnet", "/usr/share/wordnet", "directory with the WordNet 3.0 dict files (data.*, index.*, *.exc)")
	out := flag.String("out", "wordnet.tsv.gz", "gzip-compressed output file")
	senses := flag.Int("senses", 2, "senses per lemma and part of speech that relations are taken from")
	flag.Parse()
	if err := run(*dir, *out, *senses); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// run reads the WordNet files in dir and writes the compiled lexicon to
// out, through a temporary file so that a failed run leaves out as it was.
func run(dir, out string, senses int) error {
	db, err := readDB(dir)
	if err != nil {
		return err
	}
	tmp := out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	err = write(f, compile(db, senses))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%s: %w", tmp, err)
	}
	return os.Rename(tmp, out)
}
