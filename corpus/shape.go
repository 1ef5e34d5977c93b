package corpus

// Paragraph shapes: what one paragraph of a scraped page looks like, judged
// from its own text. The cleaner (body.go) combines these with position:
// the article is the longest run of prose, and a line that is not prose
// only survives inside that run.
//
// Prose ends like a sentence (. ! ? … or their CJK forms, before any
// closing quotes or brackets), has at least four words, is mostly letters,
// is not in capitals, and, in a language with a stop-word list, one word in
// ten or more is a stop word; a clause of three words or more that ends
// with a colon and has a stop word ("The union wants:") is prose too. Site chrome has shapes of its own, each general rather than
// copied from a site: a date or time alone; a copyright notice; a short
// decorated marker ("- Advertisement -", "[ad]") or a lone lower-case UI
// word ("search", "print"); a line of few letters ("A+", "11.8 C"); a
// counter ("Views: 406", "2 min read"); a link line (a URL, "Read more @
// site"); a photo caption with its credit; a byline; a call to subscribe,
// donate or become a member addressed to the reader; and, in HTML, a block
// that is mostly link text.

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// chromeKind says why a paragraph is site chrome; chromeNone when it may be
// article text.
type chromeKind uint8

const (
	chromeNone      chromeKind = iota
	chromeDate                 // a date or time and nothing else
	chromeCopyright            // "© 2025 Outlet", "All rights reserved"
	chromeMarker               // "- Реклама -", "ads", "* * *"
	chromeSymbols              // few letters: "A+", "11.8 C"
	chromeCounter              // "Views: 406", "2 min read"
	chromeLink                 // a URL or "Read more @ site"
	chromeCaption              // a photo caption with its credit
	chromeByline               // "By Jane Doe"
	chromeAppeal               // "Subscribe to our newsletter", "Become a member"
	chromeLinks                // HTML: mostly link text
)

// shape is what the cleaner knows of one paragraph from its text alone.
type shape struct {
	words    int  // words; a CJK text counts two runes a word
	stops    int  // stop words among them
	sentence bool // ends like a sentence
	leadIn   bool // ends with a colon: a clause that introduces a list or a quote
	shouting bool // in capitals: a label or a banner, not prose
	reader   bool // has a word that speaks to the reader: you, your, us, our
	chrome   chromeKind
}

// prose reports whether the paragraph reads like article text. A sentence
// of six words or more must have at least minShare of stop words (the
// language's, see langInfo; 0 skips the test, as for a language without a
// stop-word list).
func (s shape) prose(minShare float64) bool {
	useStops := minShare > 0
	if s.chrome != chromeNone || s.shouting {
		return false
	}
	if s.leadIn { // "The union wants:" before a list or a quote
		return s.words >= 3 && (!useStops || s.stops > 0)
	}
	if !s.sentence || s.words < 4 {
		return false
	}
	return !useStops || s.words < 6 || float64(s.stops) >= minShare*float64(s.words)
}

// stopSet answers stop-word look-ups for one language, as IsStopWord does,
// without resolving the language again for every word.
type stopSet struct {
	table    map[string]uint16
	bit      uint16  // the language's bit in table; 0 when it has no list
	minShare float64 // the language's langInfo.minShare
}

// stopsFor returns the stop words of language lang ("" is English).
func stopsFor(lang string) stopSet {
	i, ok := langIndex(lang)
	if !ok {
		return stopSet{}
	}
	return stopSet{stopTable(), 1 << i, langs[i].minShare}
}

// has reports whether the lower-cased word w is a stop word.
func (s stopSet) has(w string) bool {
	if s.bit == 0 {
		return false
	}
	if strings.Contains(w, "’") {
		w = strings.ReplaceAll(w, "’", "'")
	}
	return s.table[w]&s.bit != 0
}

// shapeOf measures a paragraph; stops are the document's language's.
func shapeOf(p para, stops stopSet) shape {
	t := p.text
	s := shape{sentence: endsSentence(t), leadIn: strings.HasSuffix(t, ":")}
	letters, other, cjk, upper, lower := 0, 0, 0, 0, 0
	for _, r := range t {
		switch {
		case unicode.IsLetter(r):
			letters++
			switch {
			case isCJK(r):
				cjk++
			case unicode.IsUpper(r):
				upper++
			case unicode.IsLower(r):
				lower++
			}
		case !unicode.IsSpace(r):
			other++
		}
	}
	for raw := range strings.FieldsSeq(t) {
		s.words++
		w := normWord(raw)
		if stops.has(w) {
			s.stops++
		}
		if len(w) <= 6 && readerWords[w] && !isUS(raw) {
			s.reader = true
		}
	}
	s.words += cjk / 2
	s.shouting = upper >= 4 && upper >= 4*lower
	s.chrome = chromeOf(p, t, s, letters, other)
	return s
}

// chromeOf returns the chrome kind a paragraph's shape gives away. The
// costlier tests run only on paragraphs short enough to be that chrome.
func chromeOf(p para, t string, s shape, letters, other int) chromeKind {
	switch {
	case p.links > 0.5:
		return chromeLinks
	case p.caption:
		return chromeCaption
	case s.words <= 12 && isMarker(t):
		return chromeMarker
	case s.words <= 12 && isDateOnly(t):
		return chromeDate
	case letters < 2 || letters < other:
		return chromeSymbols
	case s.words <= 40 && isCopyright(t):
		return chromeCopyright
	case s.words <= 3 && !s.sentence && letters <= 12 && strings.ContainsAny(t, "0123456789"):
		return chromeCounter
	case s.words <= 8 && isLinkLine(t):
		return chromeLink
	case isCaption(t):
		return chromeCaption
	case (s.words <= 15 || !s.sentence) && maybeByline(t) && bylineRE.MatchString(t),
		s.words <= 30 && wireCreditRE.MatchString(t):
		return chromeByline
	case s.reader && s.words <= 60 && isAppeal(t), s.words <= 60 && isPromotion(t):
		return chromeAppeal
	}
	return chromeNone
}

// normWord lower-cases a word and trims the punctuation around it, for
// stop-word and vocabulary look-ups.
func normWord(w string) string {
	w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	return strings.ToLower(w)
}

// isCJK reports whether r is a letter of a script written without spaces.
func isCJK(r rune) bool {
	return r >= 0x0E00 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai)
}

// isCloser reports whether r closes a quotation or a bracket.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', '“', ')', ']', '}', '*', '_':
		return true
	}
	return false
}

// endsSentence reports whether s ends with sentence punctuation, before any
// closing quotes and brackets. A final parenthetical after a finished
// sentence ("... he said. (Reuters)") does not stop it.
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndexByte(s, '('); i > 0 && !strings.Contains(s[i:len(s)-1], ")") {
			if endsSentence(s[:i]) {
				return true
			}
		}
	}
	s = strings.TrimRightFunc(s, isCloser)
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?', '…', '。', '！', '？':
		return true
	}
	return false
}

// isDecoration reports whether r is a rune that frames a marker line.
func isDecoration(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("-–—*•·|_=~#[](){}<>/\\+", r)
}

// adWords are the words sites put on a line of their own to mark an
// advertisement, in the languages of the stop-word lists.
var adWords = map[string]bool{
	"ad": true, "ads": true, "advert": true, "advertisement": true, "advertising": true,
	"sponsored": true, "реклама": true, "реклами": true, "anzeige": true, "werbung": true,
	"publicité": true, "publicidad": true, "pubblicità": true, "publicidade": true,
	"annons": true, "annonse": true, "reklam": true, "reklama": true, "hirdetés": true,
}

// isMarker reports whether t is a marker line: only decoration ("* * *"),
// up to three words framed by decoration on both sides ("- Реклама -"), an
// advertisement word alone, or a single lower-case word such as a menu
// item ("search", "print", "loading").
func isMarker(t string) bool {
	core := strings.TrimFunc(t, isDecoration)
	if core == "" {
		return true
	}
	words := strings.Fields(core)
	framed := !strings.HasPrefix(t, core) && !strings.HasSuffix(t, core)
	if framed && len(words) <= 3 {
		return true
	}
	if len(words) != 1 {
		return false
	}
	if adWords[strings.ToLower(core)] {
		return true
	}
	return core == t && utf8.RuneCountInString(core) <= 20 && strings.ToLower(core) == core &&
		!strings.ContainsAny(core, "0123456789")
}

var (
	linkLineRE = regexp.MustCompile(`(?i)https?://|^www\.|\s@\s*\S+\.\S+|^@\w+$`)
	// A caption ends with a credit in parentheses naming a photographer
	// and agency ("(Jane Doe/AFP via Getty Images)"), or says "Photo:".
	captionCreditRE = regexp.MustCompile(`(?i)\(([^()]*/[^()]*|[^()]*\bvia\b[^()]*|[^()]*\b(?:photo|photos|foto|фото|image|images|credit|illustration)\b[^()]*)\)\s*$`)
	captionLeadRE   = regexp.MustCompile(`(?i)^(?:photo|foto|фото|image|picture|illustration|credit)s?\s*(?::|by\b)|(?:^|[.!?]\s+)(?:photo|foto|фото|image)s?\s*(?::|by\b)\s*[^.!?]{1,60}$`)
	bylineRE        = regexp.MustCompile(`^(?:(?i:by|written by|reported by|author:|authors:|автор:?|текст:)\s+)(\p{Lu}.*)$`)
	// wireCreditRE reads the credit a wire story ends with: "(Reporting by
	// Jan de Wit; editing by Femke Mulder)": the reporter is the author.
	wireCreditRE = regexp.MustCompile(`(?i)^\(\s*(?:additional\s+)?(?:reporting|writing)\s+by\s+(\p{Lu}[^;)]*?)\s*(?:[;,][^)]*)?\)\.?$`)
)

// isCopyright reports whether t is a copyright notice: "©", "(c) 2025",
// "Copyright ...", "All rights reserved".
func isCopyright(t string) bool {
	if strings.Contains(t, "©") {
		return true
	}
	low := strings.ToLower(t)
	if i := strings.Index(low, "(c)"); i >= 0 && len(strings.TrimLeft(low[i+3:], " ")) >= 4 {
		rest := strings.TrimLeft(low[i+3:], " ")
		if rest[0] >= '0' && rest[0] <= '9' {
			return true
		}
	}
	return strings.HasPrefix(low, "copyright") || strings.Contains(low, "all rights reserved") ||
		strings.Contains(low, "все права защищены")
}

// isLinkLine reports whether t points elsewhere: a URL, "Read more @ site",
// a site's domain alone, a social handle.
func isLinkLine(t string) bool {
	return linkLineRE.MatchString(t) || readMoreRE.MatchString(t) || domainRE.MatchString(t)
}

// isCaption reports whether t is a photo caption: it carries a credit.
func isCaption(t string) bool {
	if i := strings.LastIndexByte(t, '('); i >= 0 && strings.HasSuffix(t, ")") {
		if m := captionCreditRE.FindStringSubmatch(t[i:]); m != nil && len(strings.Fields(m[1])) <= 14 {
			return true
		}
	}
	// "Photo:" leads a caption or follows its last sentence.
	head, tail := t, t
	if len(head) > 24 {
		head = head[:24]
	}
	if len(tail) > 100 {
		tail = tail[len(tail)-100:]
	}
	for _, part := range []string{head, tail} {
		low := strings.ToLower(part)
		if strings.Contains(low, "photo") || strings.Contains(low, "foto") || strings.Contains(low, "фото") ||
			strings.Contains(low, "image") || strings.Contains(low, "picture") || strings.Contains(low, "credit") ||
			strings.Contains(low, "illustration") {
			return captionLeadRE.MatchString(t)
		}
	}
	return false
}

// appealStems are the word beginnings of a call to the reader to subscribe,
// sign up, donate or join.
var appealStems = []string{
	"subscri", "newsletter", "member", "donat", "paywall", "sign up", "signing up", "sign-up",
	"support us", "support our", "join us", "follow us", "e-mail address", "email address",
	"подпис", "рассылк", "поддержите", "донат",
}

// readerWords address the reader or speak for the site.
var readerWords = map[string]bool{
	"you": true, "your": true, "us": true, "our": true,
	"вы": true, "вас": true, "ваш": true, "нас": true, "наш": true, "нам": true,
}

// isAppeal reports whether t asks the reader to subscribe, sign up, donate
// or become a member: it has such a word and speaks to the reader (you,
// us, our), outside any quotation, since a quoted source may say the same
// words.
func isAppeal(t string) bool {
	if strings.ContainsAny(t, "\"“”«»„") {
		return false
	}
	low := strings.ToLower(t)
	found := false
	for _, s := range appealStems {
		if strings.Contains(low, s) {
			found = true
			break
		}
	}
	if !found {
		return false
	}
	for w := range strings.FieldsSeq(t) {
		if readerWords[normWord(w)] && !isUS(w) {
			return true
		}
	}
	return false
}

// Promotions: a call to follow the outlet on a social network, or an
// advertiser's call to act ("Get a free quote today!"). Their words are a
// sales pitch's, not a reporter's, and a news sentence that reports one
// quotes it ("the firm said customers could 'order now'"). Fixed phrases,
// looked up in the lower-cased line: a regular expression over every
// paragraph cost two fifths of ingestion.
var (
	socialLeads = []string{"follow ", "join ", "like ", "find "}
	socialNets  = []string{" on mastodon", " on twitter", " on x", " on facebook", " on telegram", " on instagram",
		" on linkedin", " on bluesky", " on threads", " on youtube", " on whatsapp", " on tiktok"}
	socialRU = []string{"подписывайтесь", "подпишитесь", "следите за нами", "присоединяйтесь"}
	promos   = []string{"free quote", "free trial", "free consultation", "free shipping", "free delivery",
		"get a quote", "get your quote", "request a quote", "get an estimate", "order now", "order today",
		"call now", "call today", "book now", "book today", "buy now", "shop now", "shop today",
		"limited-time offer", "limited time offer", "discount code", "promo code", "coupon code",
		"закажите", "звоните нам", "бесплатную консультацию"}
)

// isPromotion reports whether t is a promotion (see promos) rather than a
// sentence that reports one: it is not in quotation marks.
func isPromotion(t string) bool {
	if strings.ContainsAny(t, "\"“”«»„") {
		return false
	}
	low := strings.ToLower(t)
	for _, lead := range socialLeads {
		if strings.HasPrefix(low, lead) {
			for _, net := range socialNets {
				if i := strings.Index(low, net); i >= 0 && (i+len(net) == len(low) || !isWordRune(rune(low[i+len(net)]))) {
					return true
				}
			}
		}
	}
	for _, w := range socialRU {
		if strings.HasPrefix(low, w) {
			return true
		}
	}
	for _, p := range promos {
		if strings.Contains(low, p) {
			return true
		}
	}
	return false
}

// isUS reports whether a word is "US" in capitals, the country, not the
// pronoun a site speaks for itself with ("support us"): "US telecoms firm
// WorldCom ... board members" is news, not an appeal.
func isUS(w string) bool {
	return strings.Trim(w, ".,;:!?()\"'“”«»") == "US"
}

// bylineStarts are the lower-cased openings of bylineRE, to spare the
// regular expression most paragraphs.
var bylineStarts = []string{"by ", "written by", "reported by", "author", "автор", "текст"}

// maybeByline reports whether t opens like a byline.
func maybeByline(t string) bool {
	if len(t) > 12 {
		t = t[:12]
	}
	t = strings.ToLower(t)
	for _, s := range bylineStarts {
		if strings.HasPrefix(t, s) {
			return true
		}
	}
	return false
}

// headingLike reports whether t could be a subheading: one to twenty words,
// starting with a capital, a digit or a quote, not ending like a clause.
func headingLike(t string, s shape) bool {
	if s.words == 0 || s.words > 20 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !strings.ContainsRune("\"“«'‘", r) &&
		!(unicode.IsLetter(r) && !unicode.IsLower(r)) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	return !strings.ContainsRune(".,;", last)
}
