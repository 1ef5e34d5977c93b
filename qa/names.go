package qa

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/qa/lexicon"
)

// Names a copy changes. A rewrite of another outlet's story (copies, in
// rewrite.go) may spell a person's name otherwise or give another first
// name: "Azer Namazov" where the original and two independent reports say
// "Ramid Namazov", "Nick Stamm" for "Niek Stam". Between a copy and the
// document it copies — and only there, where the two texts are known to
// tell the same story — a person named by the same surname, or by
// surnames one letter apart, with different full names, is one person
// named two ways. The disagreement is shown when the question asks about
// that person (see askedAbout), each full name credited to every document
// read that prints it. Two people who merely share a surname in unrelated articles
// ("Whitney Houston", "In Houston") are never compared, and neither are
// companies ("Morrison Inc", "Ameron Inc").

// fullNameRE finds a capitalised given name and surname.
var fullNameRE = regexp.MustCompile(`\b(\p{Lu}\p{Ll}+)\s+(\p{Lu}\p{Ll}+)\b`)

// fullNames returns the full names a document prints, by surname, the
// first form of each. A given name that the text also uses as a common
// word ("Earlier Namazov…", "In Houston") is no given name.
func fullNames(d *corpus.Document) map[string]string {
	out := map[string]string{}
	for _, m := range fullNameRE.FindAllStringSubmatch(d.Body, -1) {
		given, surname := m[1], m[2]
		if _, ok := out[surname]; ok || !personal(surname) {
			continue
		}
		if toks := Analyze(given, d.Lang); len(toks) != 1 || toks[0].Stop || corpus.IsTitle(given) || containsWord(d.Body, strings.ToLower(given)) {
			continue
		}
		out[surname] = m[0]
	}
	return out
}

// containsWord reports whether text holds w as whole words.
func containsWord(text, w string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], w)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(w)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if (start == 0 || !isWordRune(before)) && (end == len(text) || !isWordRune(after)) {
			return true
		}
		from = end
	}
}

// personal reports whether a capitalised word can be a person's surname
// for this comparison: not a word of the language (lexicon.Known: "Bank",
// "Research", "Motors", "Brown" are words, so "Merchant Bank" and "Hambros
// Bank" are never one person named two ways) and not an abbreviation that
// ends a company's name ("Inc", "Ltd"). A real surname that is also a word
// is missed: precision before recall.
func personal(surname string) bool {
	return !lexicon.Known(surname) && !corpus.IsNamePart(surname)
}

// sameSurname reports whether two surnames name one person: equal, or,
// both of at least four letters, one edit apart ("Stam", "Stamm").
func sameSurname(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	return len(ra) >= 4 && len(rb) >= 4 && editDistance(ra, rb) <= 1
}

// editDistance is the Levenshtein distance of two words.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// nameDisagreements returns the names that copies among the documents read
// change, for the people the answer's quotes name.
func nameDisagreements(ans *Answer, cite *citations, r *ranking, cp map[*corpus.Document]*corpus.Document) []Disagreement {
	var out []Disagreement
	shown := map[string]bool{}
	for _, c := range slices.SortedFunc(func(yield func(*corpus.Document) bool) {
		for d := range cp {
			if !yield(d) {
				return
			}
		}
	}, func(a, b *corpus.Document) int { return strings.Compare(a.Origin, b.Origin) }) {
		orig := cp[c]
		theirs := fullNames(orig)
		for surname, name := range fullNames(c) {
			for s, other := range theirs {
				if !sameSurname(surname, s) || strings.EqualFold(name, other) || shown[other+"\x00"+name] {
					continue
				}
				if !askedAbout(ans, r.q, surname) && !askedAbout(ans, r.q, s) {
					continue
				}
				shown[other+"\x00"+name] = true
				d := Disagreement{Aspect: "name", Versions: []Version{
					{Text: other, Sources: printersOf(ans, cite, r.docs, other)},
					{Text: name, Sources: printersOf(ans, cite, r.docs, name)},
				}}
				if apart(d) {
					out = append(out, d)
				}
			}
		}
	}
	return out
}

// apart reports whether the versions of d come from different sources: a
// source that prints two of them ("Mr Brown" and "Gordon Brown") does not
// disagree with itself, and a disagreement needs two versions that no
// source prints together.
func apart(d Disagreement) bool {
	seen := map[int]bool{}
	for _, v := range d.Versions {
		for _, n := range v.Sources {
			if seen[n] {
				return false
			}
			seen[n] = true
		}
	}
	return len(d.Versions) >= 2
}

// askedAbout reports whether the question asks about the person called
// surname: it names them, or it asks who and a quote answering that names
// them. "What is Cozy Bear?" does not ask about Namazov, though its quote
// begins "According to Namazov".
func askedAbout(ans *Answer, q *question, surname string) bool {
	if containsWord(strings.ToLower(q.text), strings.ToLower(surname)) {
		return true
	}
	for _, qt := range ans.Quotes {
		if qt.Aspect == string(KindWho) && containsWord(qt.Text, surname) {
			return true
		}
	}
	return false
}

// printersOf cites every document read that prints text and returns their
// numbers, ascending.
func printersOf(ans *Answer, cite *citations, docs []retrieved, text string) []int {
	var out []int
	for _, r := range docs {
		if cite.print.by(r.doc, text) {
			out = append(out, cite.number(ans, r.doc))
		}
	}
	slices.Sort(out)
	return out
}
