package qa

// Quote units.
//
// A quote the bot shows must be something a journalist can publish as it
// stands. The splitter cuts a body into sentences, but a sentence is not
// always such a unit: a quotation that runs over several sentences is one
// statement, and a journalist quotes the whole statement together with
// who said it; a fragment such as "Vermeulen said." or "He added." means
// nothing alone. quoteUnits therefore groups the sentences of a document
// into units, which cover every sentence exactly once, in order, and never
// cross a paragraph:
//
//   - Open quotation. Scanning a paragraph, the quotation marks of each
//     sentence are tracked: “ « „ open a quotation, ” » close one, “ also
//     closes a quotation „ opened (German and Russian „…“), and a straight
//     " closes a quotation it opened or else opens one. While a quotation
//     is still open at the end of a sentence, the next sentence joins the
//     unit, so “No one will be fired. We have said this,” Vermeulen said.
//     is one unit. A unit grown this way stops at maxQuoteSentences, and
//     the quotation is then taken as closed, so that a stray unmatched
//     opening mark cannot swallow a whole paragraph.
//
//   - Fragment. A unit with fewer than minContentWords content words
//     (words that are neither stop words nor parts of a compound) cannot
//     stand alone: it joins the unit before it in its paragraph, or, when
//     it opens the paragraph, the unit after it joins it. The quotation
//     cap does not apply here: an attribution after a long quotation still
//     belongs to it. A paragraph made only of fragments is one unit.

import (
	"github.com/newsdesk/newsdesk/corpus"
)

// maxQuoteSentences caps how many sentences an open quotation may join
// into one unit.
const maxQuoteSentences = 6

// minContentWords is the fewest content words a unit needs to stand alone.
const minContentWords = 3

// unit is a run of sentences of a Document quoted as one: the inclusive
// indexes of its first and last sentence.
type unit struct{ first, last int }

// text returns the unit's exact text, from the start of its first sentence
// to the end of its last.
func (u unit) text(d *corpus.Document) string {
	return d.Body[d.Sentences[u.first].Start:d.Sentences[u.last].End]
}

// quoteUnits returns the quote units of d in order; see the file comment
// for the rules. words gives the content words of each sentence of d (the
// index has counted them: Index.sentenceWords).
func quoteUnits(d *corpus.Document, words []int) []unit {
	var out []unit
	for first := 0; first < len(d.Sentences); {
		end := paragraphEnd(d.Sentences, first)
		out = mergeFragments(out, words, quotationUnits(d, first, end))
		first = end
	}
	return out
}

// contentWords counts the content words of each sentence of d, as the
// index does when it adds d.
func contentWords(d *corpus.Document) []int {
	out := make([]int, len(d.Sentences))
	for i, s := range d.Sentences {
		for _, t := range Analyze(d.Text(s), d.Lang) {
			if !t.Stop && !t.Part {
				out[i]++
			}
		}
	}
	return out
}

// paragraphEnd returns the index just past the last sentence of the
// paragraph that sentence first belongs to.
func paragraphEnd(sents []corpus.Sentence, first int) int {
	end := first + 1
	for end < len(sents) && sents[end].Para == sents[first].Para {
		end++
	}
	return end
}

// quotationUnits groups sentences first..end-1, one paragraph, by the open
// quotation rule.
func quotationUnits(d *corpus.Document, first, end int) []unit {
	var out []unit
	for i := first; i < end; {
		u := unit{i, i}
		open := trackQuotes(nil, d.Text(d.Sentences[i]))
		for len(open) > 0 && u.last+1 < end && u.last-u.first+1 < maxQuoteSentences {
			u.last++
			open = trackQuotes(open, d.Text(d.Sentences[u.last]))
		}
		out = append(out, u)
		i = u.last + 1
	}
	return out
}

// trackQuotes reads the quotation marks of s, given the closing marks
// expected by the quotations still open before it (innermost last), and
// returns those still open after it.
func trackQuotes(open []rune, s string) []rune {
	for _, r := range s {
		top := rune(0)
		if len(open) > 0 {
			top = open[len(open)-1]
		}
		switch {
		case r == top:
			open = open[:len(open)-1]
		case r == '"' || r == '“' || r == '«' || r == '„':
			open = append(open, closerOf(r))
		case (r == '”' || r == '»') && len(open) > 0:
			open = open[:len(open)-1] // a mismatched closer still closes
		}
	}
	return open
}

// closerOf returns the mark that closes a quotation opened with r.
func closerOf(r rune) rune {
	switch r {
	case '«':
		return '»'
	case '„':
		return '“' // „…“; „…” closes too, as a mismatched closer
	case '"':
		return '"'
	}
	return '”'
}

// mergeFragments appends units, the units of one paragraph, to out,
// joining each unit too short to stand alone to its neighbour.
func mergeFragments(out []unit, sentWords []int, units []unit) []unit {
	if len(units) == 0 {
		return out
	}
	cur, words := units[0], unitWords(sentWords, units[0])
	for _, u := range units[1:] {
		// cur is short only while it opens the paragraph: a unit that
		// stands alone never becomes short by taking in another.
		n := unitWords(sentWords, u)
		if words < minContentWords || n < minContentWords {
			cur.last, words = u.last, words+n
			continue
		}
		out = append(out, cur)
		cur, words = u, n
	}
	return append(out, cur)
}

// unitWords counts the content words of unit u: words that are neither
// stop words nor parts of a compound.
func unitWords(sentWords []int, u unit) int {
	n := 0
	for _, w := range sentWords[u.first : u.last+1] {
		n += w
	}
	return n
}
