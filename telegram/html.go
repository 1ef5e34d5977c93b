package telegram

import (
	"strings"
	"unicode/utf8"
)

// Messages go out in Telegram's HTML parse mode
// (https://core.telegram.org/bots/api#html-style). Every piece of text that
// does not come from our own templates (corpus text, titles, user input) must
// pass through EscapeHTML or one of the helpers below, which escape for it.

// htmlEscaper is immutable and safe for concurrent use.
var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// EscapeHTML escapes s for Telegram HTML: '&', '<' and '>' everywhere, and
// '"' so that the result is also safe inside a double-quoted attribute.
// Invalid UTF-8 is replaced by U+FFFD, which Telegram would otherwise reject.
func EscapeHTML(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\ufffd")
	}
	return htmlEscaper.Replace(s)
}

// Bold returns text, escaped, in bold.
func Bold(text string) string { return "<b>" + EscapeHTML(text) + "</b>" }

// Italic returns text, escaped, in italics.
func Italic(text string) string { return "<i>" + EscapeHTML(text) + "</i>" }

// Code returns text, escaped, in a monospace span.
func Code(text string) string { return "<code>" + EscapeHTML(text) + "</code>" }

// Link returns text, escaped, as a link to href, escaped as an attribute.
// When href is empty the text is returned without a link.
func Link(href, text string) string {
	if href == "" {
		return EscapeHTML(text)
	}
	return `<a href="` + EscapeHTML(href) + `">` + EscapeHTML(text) + "</a>"
}

// Blockquote wraps inner, which must already be HTML (escaped text or the
// output of these helpers), in a block quote.
func Blockquote(inner string) string { return "<blockquote>" + inner + "</blockquote>" }

// StripHTML returns the text a reader sees for the HTML s: tags removed and
// entities decoded, read with the same lenient rules as SplitHTML.
func StripHTML(s string) string {
	var b strings.Builder
	for _, it := range tokenize(s) {
		if it.kind == atomItem {
			b.WriteRune(it.r)
		}
	}
	return b.String()
}
