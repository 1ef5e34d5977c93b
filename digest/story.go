package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/qa"
)

// What "the same story" means here: articles by different outlets about
// the same news event, which a reader wants once, with the other outlets
// named. Articles about the same topic that report something else (a
// union's call for a protest over an attack, an analysis of who was behind
// it, both weeks apart from the news that a lawmaker blamed Russia) are
// separate stories even though they share the topic's words.
//
// News reports of one event name the same people, places, organisations
// and figures, in whatever words they tell it; so the measure is the
// Jaccard similarity of the names two articles use: their words that are
// capitalised, or hold a digit (APT29, J2-8243), where capitals are not
// merely the start of a sentence, and that are not stop words, as the qa
// package stems them. Two articles are the same story when they share at
// least sameStoryShared names and their name sets have a Jaccard
// similarity of at least sameStory.
//
// Measured (TestSameStory, story_test.go) on the five seeds, which all
// concern the February 2025 attack on Azerbaijani media: the three reports
// of the lawmaker's May accusation (000, 001 and the sloppy rewrite 003)
// score 0.41 to 0.59 with each other, sharing 18 to 22 names; the union's
// protest call (002) and the analysis of February 21 (004) score 0.14 to
// 0.21 against everything, though they too share 11 to 14 names with each
// article (Azerbaijan, Russia, APT29, Baku, February). 0.3 lies between,
// with room on both sides. On the 48 short articles of qa's BEIR test set
// (a dozen topics, three or four sentences each) no two of different
// topics share four names. MinHash similarity of the bodies
// (corpus.Similarity), which catches copies, scores 0 to 0.07 between
// different reports of one event and cannot tell stories apart; the
// overlap of title words is 0.17 between 000 and 001 and reaches 0.20
// between articles of different BEIR topics.
//
// Scripts without letter case (Arabic, Chinese, …) have no names by this
// measure: their articles are grouped only when they are near-duplicates.
const (
	sameStory       = 0.3
	sameStoryShared = 4
)

// names returns the set of names (stemmed terms) doc uses, as described
// above. The title counts as a sentence.
func names(doc *corpus.Document) map[string]bool {
	set := make(map[string]bool)
	add := func(text string) {
		first := true
		for _, t := range qa.Analyze(text, doc.Lang) {
			if t.Part {
				continue
			}
			initial := first
			first = false
			if initial || t.Stop || utf8.RuneCountInString(t.Text) < 2 {
				continue
			}
			r, _ := utf8.DecodeRuneInString(t.Text)
			if unicode.IsUpper(r) || strings.ContainsFunc(t.Text, unicode.IsDigit) {
				set[t.Term] = true
			}
		}
	}
	add(doc.Title)
	for _, s := range doc.Sentences {
		add(doc.Text(s))
	}
	return set
}

// sameStoryAs reports whether two articles' name sets make them the same
// story.
func sameStoryAs(a, b map[string]bool) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	shared := 0
	for n := range a {
		if b[n] {
			shared++
		}
	}
	union := len(a) + len(b) - shared
	return shared >= sameStoryShared && float64(shared) >= sameStory*float64(union)
}

// Key sentences: news is written as an inverted pyramid, so the lead
// sentences say what happened, who and when; they are the quote a digest
// shows. A sentence too short to say anything (a dateline, a stray
// caption), too long to be read in a list, or repeating the title is
// passed over.
const (
	minKeySentence = 40  // bytes
	maxKeySentence = 400 // bytes
	keyEnough      = 200 // bytes: a first sentence this long is quote enough
	keyLookahead   = 6   // sentences read from the top
)

// keySentences returns one or two sentences of doc: the first acceptable
// one, and, when it is short, the next of the first keyLookahead that is
// acceptable and keeps the two within maxKeySentence. A document none of whose first sentences is acceptable
// gives its first sentence.
func keySentences(doc *corpus.Document) []corpus.Sentence {
	var out []corpus.Sentence
	total := 0
	for i, s := range doc.Sentences {
		if i >= keyLookahead || total >= keyEnough || len(out) == 2 {
			break
		}
		text := doc.Text(s)
		if n := len(text); n < minKeySentence || n > maxKeySentence || total+n > maxKeySentence || strings.EqualFold(text, doc.Title) {
			continue
		}
		out = append(out, s)
		total += len(text)
	}
	if len(out) == 0 && len(doc.Sentences) > 0 {
		out = append(out, doc.Sentences[0])
	}
	return out
}
