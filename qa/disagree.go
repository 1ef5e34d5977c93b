package qa

import (
	"regexp"
	"sort"

	"github.com/newsdesk/newsdesk/corpus"
)

// personRE finds two capitalised words in a row: a given name and a
// surname, the form in which sources most often disagree on a person.
var personRE = regexp.MustCompile(`\b(\p{Lu}\p{Ll}+) (\p{Lu}\p{Ll}+)\b`)

// titles are words that stand before a surname without being a given name.
var titles = map[string]bool{
	"President": true, "Minister": true, "Chairman": true, "Speaker": true, "Mr": true, "Mrs": true,
	"Ms": true, "Dr": true, "General": true, "Head": true, "Leader": true, "Prime": true,
	"Secretary": true, "Director": true, "Deputy": true, "Senator": true, "Judge": true,
	"The": true, "By": true, "According": true, "Earlier": true, "Later": true,
}

// disagreements finds people the sources name differently: the same
// surname after different given names ("Ramid Namazov" in three articles,
// "Azer Namazov" in a fourth), and people they describe differently (see
// roleDisagreement). Each version is quoted as written and credited to
// the sources that write it; sources not yet cited are added, only for a
// disagreement that is shown.
//
// The people are those the quotes name, in full ("Ramid Namazov") or by
// surname alone ("According to Namazov"), when the quote's own article
// names them in full somewhere.
func (a *Answerer) disagreements(ans *Answer, cite *citations) []Disagreement {
	names := a.quotedSurnames(ans)
	var out, roles []Disagreement
	for _, surname := range names {
		byName := map[string][]*corpus.Document{}
		var order []string
		var docs []*corpus.Document
		re := regexp.MustCompile(`\b(\p{Lu}\p{Ll}+) ` + regexp.QuoteMeta(surname) + `\b`)
		for _, h := range a.ix.SearchWith(`"`+surname+`"`, SearchOptions{K: 50, PerDoc: 1}) {
			docs = append(docs, h.Doc)
			seen := map[string]bool{}
			for _, m := range re.FindAllStringSubmatch(h.Doc.Body, -1) {
				if titles[m[1]] || seen[m[0]] || !a.givenName(m[1], m[0], surname) {
					continue
				}
				seen[m[0]] = true
				if _, ok := byName[m[0]]; !ok {
					order = append(order, m[0])
				}
				byName[m[0]] = append(byName[m[0]], h.Doc)
			}
		}
		if d, ok := roleDisagreement(surname, docs, ans, cite); ok {
			roles = append(roles, d)
		}
		if len(order) < 2 {
			continue
		}
		d := Disagreement{Aspect: "name of " + surname}
		for _, name := range order {
			var srcs []int
			for _, doc := range byName[name] {
				srcs = append(srcs, cite.number(ans, doc))
			}
			sort.Ints(srcs)
			d.Versions = append(d.Versions, Version{Text: name, Sources: srcs})
		}
		out = append(out, d)
	}
	return append(out, roles...)
}

// quotedSurnames returns, sorted, the surnames of the people the quotes
// name: the second word of a capitalised pair, or a capitalised word that
// the quote's article uses as one.
func (a *Answerer) quotedSurnames(ans *Answer) []string {
	surnames := map[string]bool{}
	inBody := map[int64]map[string]bool{} // doc → surnames of its full names
	for _, q := range ans.Quotes {
		for _, m := range personRE.FindAllStringSubmatch(q.Text, -1) {
			if !titles[m[1]] {
				surnames[m[2]] = true
			}
		}
		known, ok := inBody[q.DocID]
		if !ok {
			known = map[string]bool{}
			if d := a.ix.Doc(q.DocID); d != nil {
				for _, m := range personRE.FindAllStringSubmatch(d.Body, -1) {
					if !titles[m[1]] {
						known[m[2]] = true
					}
				}
			}
			inBody[q.DocID] = known
		}
		for _, w := range capitalRE.FindAllString(q.Text, -1) {
			if known[w] {
				surnames[w] = true
			}
		}
	}
	names := make([]string, 0, len(surnames))
	for s := range surnames {
		names = append(names, s)
	}
	sort.Strings(names)
	return names
}

// capitalRE finds capitalised words.
var capitalRE = regexp.MustCompile(`\b\p{Lu}\p{Ll}+\b`)

// givenName reports whether word is used only as part of the full name:
// "Ramid" appears nowhere but before "Namazov", while "Russian" in
// "Russian House" is a word of its own.
//
// The phrase search that counts the documents holding the full name is
// bounded by the given name's document frequency, so it is skipped when
// that alone settles the question: a word found in more documents than
// the surname cannot always stand before it, and one found in more than
// maxGivenNameDocs is a common word (over 100,000 generated articles the
// unbounded count took seconds for such words).
func (a *Answerer) givenName(word, full, surname string) bool {
	toks := Analyze(word, "en")
	last := Analyze(surname, "en")
	if len(toks) != 1 || len(last) != 1 {
		return false
	}
	alone := a.ix.DocFreq(toks[0].Term)
	if alone > maxGivenNameDocs || alone > a.ix.DocFreq(last[0].Term) {
		return false
	}
	together := len(a.ix.SearchWith(`"`+full+`"`, SearchOptions{K: alone + 1, PerDoc: 1}))
	return alone <= together
}

// maxGivenNameDocs bounds the documents a given name may appear in for
// the disagreement check to consider it.
const maxGivenNameDocs = 500
