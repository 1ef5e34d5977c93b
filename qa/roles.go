package qa

import (
	"iter"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/corpus"
)

// Sources that agree on a person's name may still disagree on who the
// person is: one calls an official the head of a parliamentary
// commission, another the chairman of parliament. A journalist must see
// each description as written, with who writes it, not a blend.
//
// A description is the appositive next to the full name, in the forms
// news copy uses:
//
//	…, head of the parliament's commission on hybrid threats, Ramid Namazov, said
//	Ramid Namazov, head of the parliament's commission on hybrid threats, said
//	… chairman of the commission on foreign interventions Ramid Namazov said
//
// and it counts only when it holds a word for an office or role
// (roleWords), so that "Earlier, Ramid Namazov, …" yields nothing.

// roleWords are nouns that make a phrase a description of a person's
// office or role.
var roleWords = map[string]bool{
	"adviser": true, "advisor": true, "ambassador": true, "analyst": true, "chair": true,
	"chairman": true, "chairwoman": true, "chairperson": true, "chief": true, "commander": true,
	"commissioner": true, "deputy": true, "director": true, "editor": true, "envoy": true,
	"expert": true, "founder": true, "governor": true, "head": true, "journalist": true,
	"lawmaker": true, "leader": true, "mayor": true, "member": true, "minister": true,
	"mp": true, "official": true, "officer": true, "president": true, "prosecutor": true,
	"representative": true, "researcher": true, "secretary": true, "senator": true,
	"speaker": true, "spokesman": true, "spokesperson": true, "spokeswoman": true,
	"ceo": true, "correspondent": true, "reporter": true, "judge": true,
}

// maxRoleLen bounds a description, in bytes: longer stretches are
// clauses of their own, not appositives.
const maxRoleLen = 160

// roleDisagreement returns, for the person called surname, the descriptions
// the documents give, each verbatim with the sources that give it, when
// there are at least two different ones; ok is false otherwise.
func roleDisagreement(surname string, docs []*corpus.Document, ans *Answer, cite *citations) (Disagreement, bool) {
	bySource := map[string][]*corpus.Document{}
	texts := map[string]string{} // normalised → first verbatim form
	var order []string
	for _, d := range docs {
		seen := map[string]bool{}
		for start, end := range nameSpans(d.Body, surname) {
			for _, role := range []string{roleBefore(d.Body, start), roleAfter(d.Body, end)} {
				role = trimRoleLead(role)
				if !isRole(role) {
					continue
				}
				key := strings.ToLower(normalize(role))
				if seen[key] {
					continue
				}
				seen[key] = true
				if _, ok := texts[key]; !ok {
					texts[key] = role
					order = append(order, key)
				}
				bySource[key] = append(bySource[key], d)
			}
		}
	}
	if len(order) < 2 {
		return Disagreement{}, false
	}
	dis := Disagreement{Aspect: "description of " + surname}
	for _, k := range order {
		var srcs []int
		for _, d := range bySource[k] {
			srcs = append(srcs, cite.number(ans, d))
		}
		sort.Ints(srcs)
		dis.Versions = append(dis.Versions, Version{Text: texts[k], Sources: srcs})
	}
	return dis, true
}

// nameSpans yields the byte spans of surname as a whole word in body,
// each widened to the capitalised given name before it, if any.
func nameSpans(body, surname string) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for from := 0; ; {
			k := strings.Index(body[from:], surname)
			if k < 0 || surname == "" {
				return
			}
			start, end := from+k, from+k+len(surname)
			from = end
			if r, _ := utf8.DecodeLastRuneInString(body[:start]); start > 0 && isWordRune(r) {
				continue
			}
			if r, _ := utf8.DecodeRuneInString(body[end:]); end < len(body) && isWordRune(r) {
				continue
			}
			if strings.HasSuffix(body[:start], " ") {
				g := strings.LastIndexFunc(body[:start-1], func(r rune) bool { return !unicode.IsLetter(r) }) + 1
				if r, _ := utf8.DecodeRuneInString(body[g:]); g < start-1 && unicode.IsUpper(r) {
					start = g
				}
			}
			if !yield(start, end) {
				return
			}
		}
	}
}

// roleStops end a description: punctuation that closes a clause or opens
// a quotation or an aside.
const roleStops = ",.;:“”\"()\n"

// roleBefore returns the phrase that ends just before the name at i,
// back to the previous stop ("…, head of the commission, Ramid Namazov"
// or "… chairman of the commission Ramid Namazov"), or "" when it is
// longer than maxRoleLen.
func roleBefore(body string, i int) string {
	end := strings.TrimRight(body[:i], " ")
	end = strings.TrimSuffix(end, ",")
	lo := max(0, len(end)-maxRoleLen-1)
	j := strings.LastIndexAny(end[lo:], roleStops)
	if j < 0 {
		if lo > 0 {
			return ""
		}
		return strings.TrimSpace(end)
	}
	return strings.TrimSpace(end[lo+j+1:])
}

// roleAfter returns the phrase after the name ending at i when the name
// is followed by a comma ("Ramid Namazov, head of the commission, said"),
// up to the next stop, or "" when there is none or it is longer than
// maxRoleLen.
func roleAfter(body string, i int) string {
	rest, ok := strings.CutPrefix(body[i:], ", ")
	if !ok {
		return ""
	}
	rest = rest[:min(len(rest), maxRoleLen+1)]
	j := strings.IndexAny(rest, roleStops)
	if j < 0 {
		return ""
	}
	return strings.TrimSpace(rest[:j])
}

// trimRoleLead drops what precedes a description before the name: a
// clause ending in "said" or "reported" and the like is not part of it,
// and a description starting the match mid-sentence starts at its last
// capitalised country or possessive ("Azerbaijan's parliament chairman").
func trimRoleLead(role string) string {
	for _, cut := range []string{" said ", " says ", " reported ", " told ", " by "} {
		if i := strings.LastIndex(role, cut); i >= 0 {
			role = role[i+len(cut):]
		}
	}
	return strings.TrimSpace(role)
}

// isRole reports whether phrase describes an office or role: it holds a
// role word and reads as a noun phrase, not a clause with a verb of
// saying.
func isRole(phrase string) bool {
	words := strings.Fields(strings.ToLower(phrase))
	if len(words) == 0 || len(words) > 20 {
		return false
	}
	has := false
	for _, w := range words {
		w = strings.Trim(w, "’'\"")
		w = strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s")
		switch w {
		case "said", "says", "told", "stated", "announced", "reported", "according":
			return false
		}
		if roleWords[w] || roleWords[strings.TrimSuffix(w, "s")] {
			has = true
		}
	}
	return has
}
