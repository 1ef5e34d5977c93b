package telegram

import (
	"strings"
	"unicode"
)

// MaxMessageLength is Telegram's limit for the text of one message, in
// UTF-16 code units after entity parsing.
const MaxMessageLength = 4096

// MaxCaptionLength is Telegram's limit for a media caption.
const MaxCaptionLength = 1024

// MinSplitLimit is the smallest limit SplitHTML honours; smaller limits are
// raised to it so that every part can hold at least one character.
const MinSplitLimit = 64

// Break preference, best last. A part ends at the last break of the best
// level that still fills at least a quarter of the limit.
const (
	breakAny       = iota // between any two characters (not inside a grapheme's marks)
	breakWord             // at whitespace
	breakSentence         // at whitespace after . ! ? … (and closing quotes or brackets)
	breakLine             // at a line break, or before or after a block quote or pre block
	breakParagraph        // at a blank line
	breakLevels
)

// SplitHTML cuts the Telegram HTML message text into parts that each fit in
// limit, preferring to cut at blank lines, then line breaks, then sentence
// ends, then between words, and only then inside a word. It never cuts inside
// a tag or an entity: tags open at a cut are closed at the end of the part
// and reopened, with their attributes, at the start of the next. The
// whitespace at a cut is dropped, and parts with no visible text are left
// out, so SplitHTML returns nil for blank input.
//
// What is counted: the UTF-16 code units of each part's HTML source, tags
// and entities included. Telegram counts UTF-16 code units of the visible
// text after parsing, which is never more, so a part within limit is always
// within Telegram's limit. Pass MaxMessageLength for a message and
// MaxCaptionLength for a caption.
//
// The input is read leniently (see tokenize): stray '<', '>' and '&' are
// escaped, unbalanced tags are balanced. A tag whose opening and closing
// source would take more than half the limit is dropped (its text is kept),
// and so are the innermost tags still open at a cut when reopening them all
// would take more than half the limit.
func SplitHTML(text string, limit int) []string {
	limit = max(limit, MinSplitLimit)
	items := tokenize(text)
	drop := make([]bool, len(items))
	for i, it := range items {
		if it.kind == openItem && it.units+len(it.closeTag()) > limit/2 {
			drop[i], drop[it.pair] = true, true
		}
	}
	var parts []string
	var stack []int // open items in force at p
	for p := 0; p < len(items); {
		for overhead(items, stack) > limit/2 {
			o := stack[len(stack)-1]
			drop[o], drop[items[o].pair] = true, true
			stack = stack[:len(stack)-1]
		}
		end := chooseBreak(items, drop, stack, p, limit)
		if part, ok := render(items, drop, stack, p, end); ok {
			parts = append(parts, part)
		}
		stack = advance(items, drop, stack, p, end)
		p = end
		for p < len(items) && (drop[p] || items[p].space()) {
			p++
		}
	}
	return parts
}

// overhead is the source needed to reopen and close the tags in stack.
func overhead(items []item, stack []int) int {
	n := 0
	for _, o := range stack {
		n += items[o].units + len(items[o].closeTag())
	}
	return n
}

// chooseBreak returns the end (exclusive) of the part starting at p with the
// tags in stack open.
func chooseBreak(items []item, drop []bool, stack []int, p, limit int) int {
	cost := overhead(items, stack)
	var last [breakLevels]int // last break of each level, 0 if none
	var costAt [breakLevels]int
	fit := p // last position whose part fits
	for i := p; i < len(items); i++ {
		if i > p {
			if lv := breakLevel(items, drop, i); lv >= 0 {
				last[lv], costAt[lv] = i, cost
			}
		}
		it := items[i]
		switch {
		case drop[i]:
		case it.kind == openItem:
			cost += it.units + len(it.closeTag())
		case it.kind == closeItem:
			// Its source replaces the closing source already counted.
		default:
			cost += it.units
		}
		if cost > limit {
			break
		}
		fit = i + 1
	}
	if fit == len(items) || fit == p {
		// Everything left fits, or not even one item does (impossible
		// given the limits SplitHTML enforces): take at least one item.
		return max(fit, p+1)
	}
	for lv := breakParagraph; lv > breakAny; lv-- {
		if last[lv] > p && costAt[lv] >= limit/4 {
			return last[lv]
		}
	}
	for lv := breakParagraph; lv >= breakAny; lv-- {
		if last[lv] > p {
			return last[lv]
		}
	}
	return fit
}

// breakLevel is the level of a cut before items[i], or -1 if it must not
// be cut there.
func breakLevel(items []item, drop []bool, i int) int {
	cur, prev := items[i], items[i-1]
	if cur.glue() || (prev.kind == atomItem && prev.r == '\u200d') {
		return -1
	}
	block := func(it item) bool { return it.name == "blockquote" || it.name == "pre" }
	if !cur.space() || prev.space() {
		if (cur.kind == openItem && block(cur) && !drop[i]) || (prev.kind == closeItem && block(prev) && !drop[i-1]) {
			return breakLine
		}
		return breakAny
	}
	newlines := 0
	for j := i; j < len(items) && items[j].space(); j++ {
		if items[j].r == '\n' {
			newlines++
		}
	}
	switch {
	case newlines >= 2:
		return breakParagraph
	case newlines == 1:
		return breakLine
	}
	for j := i - 1; j >= 0; j-- {
		it := items[j]
		if it.kind != atomItem {
			continue
		}
		switch it.r {
		case '.', '!', '?', '…', '。', '！', '？':
			return breakSentence
		case '"', '\'', ')', ']', '»', '”', '’', '›':
			continue
		}
		break
	}
	return breakWord
}

// render returns the source of the part items[p:end] with the tags in stack
// reopened and the tags open at end closed, and whether it has visible text.
func render(items []item, drop []bool, stack []int, p, end int) (string, bool) {
	var b strings.Builder
	for _, o := range stack {
		b.WriteString(items[o].raw)
	}
	visible := false
	open := append([]int(nil), stack...)
	for i := p; i < end; i++ {
		if drop[i] {
			continue
		}
		it := items[i]
		b.WriteString(it.raw)
		switch it.kind {
		case openItem:
			open = append(open, i)
		case closeItem:
			open = open[:len(open)-1]
		default:
			visible = visible || !unicode.IsSpace(it.r)
		}
	}
	for j := len(open) - 1; j >= 0; j-- {
		b.WriteString(items[open[j]].closeTag())
	}
	return b.String(), visible
}

// advance returns the tags open after items[p:end], given those in stack.
func advance(items []item, drop []bool, stack []int, p, end int) []int {
	for i := p; i < end; i++ {
		if drop[i] {
			continue
		}
		switch items[i].kind {
		case openItem:
			stack = append(stack, i)
		case closeItem:
			stack = stack[:len(stack)-1]
		}
	}
	return stack
}
