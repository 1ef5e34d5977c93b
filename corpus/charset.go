package corpus

// Text in other encodings than UTF-8.
//
// Scraped pages often come in the code page of their site: windows-1251 or
// KOI8-R for Russian, ISO-8859-x or windows-125x for Latin scripts, UTF-16
// from Windows editors. An article file is converted to UTF-8 with
// golang.org/x/text when its encoding is known or can be told with
// confidence, and refused otherwise. The first rule that applies decides:
//
//  1. A UTF-16 byte-order mark (FF FE, FE FF): UTF-16 of that byte order.
//     A UTF-8 byte-order mark: UTF-8, valid or refused.
//  2. Valid UTF-8 stays as it is, whatever a page declares: scrapers often
//     re-save a page as UTF-8 and keep its old declaration, and 8-bit text
//     in another code page is practically never valid UTF-8.
//  3. An HTML page (by extension, or sniffed) that declares its charset in
//     its first 1024 bytes (<meta charset=...> or <meta http-equiv=
//     "Content-Type" content="...; charset=...">), read as browsers do with
//     the WHATWG labels: that charset. A declared UTF-8 refuses the page
//     as before; a declared UTF-16 means UTF-8, as in browsers.
//  4. A file whose extension says it is text (.txt, .html, .md and the
//     like; not a file sniffed for lack of one) is guessed at:
//     windows-1251 when it reads as Cyrillic prose under it, else
//     windows-1252 (the superset of ISO-8859-1) when it reads as Latin
//     prose; see looksCyrillic and looksLatin.
//  5. Anything else is refused with ErrInvalidUTF8, naming the line of the
//     first byte that is not UTF-8.
//
// A conversion that meets a byte sequence with no character in the chosen
// encoding (U+FFFD in its output) refuses the file too, naming the line.
// JSON Lines archives are not converted: JSON is UTF-8 (archive.go).

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	xunicode "golang.org/x/text/encoding/unicode"
)

// prescanSize is how much of a page is searched for a declared charset, as
// in browsers.
const prescanSize = 1024

// decodeText returns the bytes of an article file of the given kind as
// UTF-8 text without a byte-order mark, and the name of the encoding it was
// converted from ("" when it was UTF-8 already), or says why it is not
// article text as checkText does. line is where the fault is, 1-based, or 0
// when the whole input is at fault.
func decodeText(b []byte, kind fileKind) (text, charset string, line int, err error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		return decodeWith(b, xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM), "utf-16le", "")
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		return decodeWith(b, xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM), "utf-16be", "")
	}
	text, line, err = checkText(b)
	if !errors.Is(err, ErrInvalidUTF8) || bytes.HasPrefix(b, []byte(utf8BOM)) {
		return text, "", line, err
	}
	if kind == kindHTML || kind == kindUnknown && looksLikeHTML(string(b[:min(len(b), prescanSize)])) {
		if enc, name := declaredCharset(b); enc != nil {
			if enc == xunicode.UTF8 {
				return "", "", line, err
			}
			return decodeWith(b, enc, name, " as the page declares")
		}
	}
	if kind == kindUnknown {
		return "", "", line, err
	}
	if s := decodeSingle(charmap.Windows1251, b); looksCyrillic(s) {
		t, l, e := checkText([]byte(s))
		return t, "windows-1251", l, e
	}
	s := decodeSingle(charmap.Windows1252, b)
	if !looksLatin(s) {
		return "", "", line, err
	}
	if i := turkishByte(b); i >= 0 {
		line, col := lineCol(b, i)
		return "", "", line, fmt.Errorf("%w: byte 0x%02x at offset %d (column %d): Latin text that windows-1252 "+
			"and windows-1254 (Turkish, Azerbaijani) read differently; save the file as UTF-8", ErrInvalidUTF8, b[i], i, col)
	}
	t, l, e := checkText([]byte(s))
	return t, "windows-1252", l, e
}

// turkishByte returns the offset of the first byte of b that windows-1252
// and windows-1254 read as different letters (Ð/Ğ, Ý/İ, Þ/Ş, ð/ğ, ý/ı,
// þ/ş), or -1.
func turkishByte(b []byte) int {
	for i, c := range b {
		switch c {
		case 0xd0, 0xdd, 0xde, 0xf0, 0xfd, 0xfe:
			return i
		}
	}
	return -1
}

// decodeWith converts b from enc, called name, to UTF-8 and checks the
// result as text. how says why enc was chosen, for the error message.
func decodeWith(b []byte, enc encoding.Encoding, name, how string) (text, charset string, line int, err error) {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", "", 0, fmt.Errorf("%w, nor %s%s: %v", ErrInvalidUTF8, name, how, err)
	}
	if i := bytes.IndexRune(out, utf8.RuneError); i >= 0 {
		line, _ = lineCol(out, i)
		return "", "", line, fmt.Errorf("%w, nor valid %s%s: a byte sequence with no character in it; save the file as UTF-8",
			ErrInvalidUTF8, name, how)
	}
	text, line, err = checkText(out)
	return text, name, line, err
}

// decodeSingle converts b from the single-byte encoding cm; bytes with no
// character in it become U+FFFD.
func decodeSingle(cm *charmap.Charmap, b []byte) string {
	out, err := cm.NewDecoder().Bytes(b)
	if err != nil { // a single-byte decoder has no error to give
		return string(utf8.RuneError)
	}
	return string(out)
}

// declaredCharset returns the encoding an HTML page declares in a <meta>
// element within its first prescanSize bytes, and its WHATWG name, or nil
// when it declares none that is known. Like browsers, it takes the first
// declaration with a known label, reads a declared UTF-16 as UTF-8 (a page
// whose markup can be read byte by byte is not UTF-16) and x-user-defined
// as windows-1252.
func declaredCharset(b []byte) (encoding.Encoding, string) {
	z := html.NewTokenizer(bytes.NewReader(b[:min(len(b), prescanSize)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil, ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tag, more := z.TagName()
			if string(tag) != "meta" {
				continue
			}
			var charset, content string
			var pragma bool
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "charset":
					charset = string(v)
				case "http-equiv":
					pragma = strings.EqualFold(strings.TrimSpace(string(v)), "content-type")
				case "content":
					content = string(v)
				}
			}
			label := charset
			if label == "" && pragma {
				label = metaContentCharset(content)
			}
			if label == "" {
				continue
			}
			enc, err := htmlindex.Get(label)
			if err != nil {
				continue
			}
			name, _ := htmlindex.Name(enc)
			switch name {
			case "utf-16le", "utf-16be":
				return xunicode.UTF8, "utf-8"
			case "x-user-defined":
				return charmap.Windows1252, "windows-1252"
			}
			return enc, name
		}
	}
}

// metaContentCharset extracts the charset from the content attribute of a
// <meta http-equiv="Content-Type">, such as "text/html; charset=koi8-r",
// following the WHATWG algorithm: the first "charset" followed by "=", its
// value quoted or up to white space or ";". It returns "" when there is
// none.
func metaContentCharset(s string) string {
	const ws = "\t\n\f\r "
	for {
		i := indexFold(s, "charset")
		if i < 0 {
			return ""
		}
		s = strings.TrimLeft(s[i+len("charset"):], ws)
		rest, ok := strings.CutPrefix(s, "=")
		if !ok {
			continue
		}
		rest = strings.TrimLeft(rest, ws)
		if rest == "" {
			return ""
		}
		if q := rest[0]; q == '"' || q == '\'' {
			if j := strings.IndexByte(rest[1:], q); j >= 0 {
				return rest[1 : 1+j]
			}
			return ""
		}
		if j := strings.IndexAny(rest, ws+";"); j >= 0 {
			return rest[:j]
		}
		return rest
	}
}

// indexFold returns the offset of the first instance of the lower-case
// ASCII word w in s, ignoring ASCII case, or -1.
func indexFold(s, w string) int {
	for i := 0; i+len(w) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(w)], w) {
			return i
		}
	}
	return -1
}

// minEvidence is the fewest non-ASCII characters a guess is made on: with
// fewer, one 8-bit code page cannot be told from another with confidence.
const minEvidence = 4

// typographic holds the non-ASCII marks prose in any script uses: quotes,
// dashes, ellipsis, bullets, currency, numero, soft hyphen.
const typographic = "«»“”„‘’‚‹›–—…•·°€£№§©®™¡¿\u00ad"

// textShape counts what tells prose from bytes read in the wrong code page.
type textShape struct {
	nonASCII   int // runes from U+0080 up
	odd        int // non-ASCII runes that are no letter, space or typographic mark
	replaced   int // U+FFFD: bytes with no character in the code page
	letters    int
	latin      int // non-ASCII Latin letters
	cyrillic   int // Cyrillic letters
	cyrLower   int // of those, lower-case ones
	cyrWords   int // runs of letters with a Cyrillic letter
	mixedWords int // of those, runs with an ASCII letter too
	stopWords  int // of those, Russian or Ukrainian stop words
	inTokens   int // runes of runs of non-space characters
	inLong     int // of those, runes of runs longer than longToken
}

// longToken is the length, in runes, beyond which a run of non-space
// characters is no word: a URL, a data blob, or bytes in the wrong code
// page that hold no spaces.
const longToken = 40

// scriptShape measures s.
func scriptShape(s string) textShape {
	var sh textShape
	word, token := -1, -1 // byte offsets where the current runs started
	tokenRunes := 0
	var cyr, ascii bool // the current word has a Cyrillic, an ASCII letter
	endWord := func(w string) {
		if !cyr {
			return
		}
		sh.cyrWords++
		switch lw := strings.ToLower(w); {
		case ascii:
			sh.mixedWords++
		case IsStopWord("ru", lw) || IsStopWord("uk", lw):
			sh.stopWords++
		}
	}
	endToken := func() {
		sh.inTokens += tokenRunes
		if tokenRunes > longToken {
			sh.inLong += tokenRunes
		}
	}
	for i, r := range s {
		letter, space := unicode.IsLetter(r), unicode.IsSpace(r)
		if r >= utf8.RuneSelf {
			sh.nonASCII++
			switch {
			case r == utf8.RuneError:
				sh.replaced++
			case unicode.Is(unicode.Latin, r):
				sh.latin++
			case !letter && !space && !strings.ContainsRune(typographic, r):
				sh.odd++
			}
		}
		if letter {
			sh.letters++
			if word < 0 {
				word, cyr, ascii = i, false, false
			}
			if unicode.Is(unicode.Cyrillic, r) {
				sh.cyrillic++
				if unicode.IsLower(r) {
					sh.cyrLower++
				}
				cyr = true
			} else if r < utf8.RuneSelf {
				ascii = true
			}
		} else if word >= 0 {
			endWord(s[word:i])
			word = -1
		}
		if space {
			if token >= 0 {
				endToken()
				token = -1
			}
		} else {
			if token < 0 {
				token, tokenRunes = i, 0
			}
			tokenRunes++
		}
	}
	if word >= 0 {
		endWord(s[word:])
	}
	if token >= 0 {
		endToken()
	}
	return sh
}

// prose reports whether the text is made of words: enough non-ASCII
// characters to judge by, none without a character in the code page, few
// odd symbols among them, and most of the text in runs short enough to be
// words.
func (sh textShape) prose() bool {
	return sh.replaced == 0 && sh.nonASCII >= minEvidence && sh.odd*10 <= sh.nonASCII &&
		sh.inLong*2 <= sh.inTokens
}

// looksCyrillic reports whether s, bytes read in a Cyrillic code page,
// reads as Cyrillic prose: at least 80% of its non-ASCII characters are
// Cyrillic letters, most of them lower-case (KOI8-R bytes read as
// windows-1251 swap the cases), at most one Cyrillic word in ten also holds
// an ASCII letter (a Latin text's accented letters read as Cyrillic ones
// inside Latin words), and at least one in ten is a Russian or Ukrainian
// stop word (Greek or Hebrew bytes read as windows-1251 make Cyrillic
// letters, but not words).
func looksCyrillic(s string) bool {
	sh := scriptShape(s)
	return sh.prose() && sh.cyrillic*10 >= sh.nonASCII*8 && sh.cyrLower*2 > sh.cyrillic &&
		sh.mixedWords*10 <= sh.cyrWords && sh.stopWords*10 >= sh.cyrWords
}

// looksLatin reports whether s, bytes read in a Latin code page, reads as
// Latin prose: its non-ASCII characters are letters and typographic marks,
// and at most 30% of its letters are non-ASCII ones (accents are a
// minority in every Latin-script language; Cyrillic, Greek or random bytes
// read as Latin letters are mostly accented ones).
func looksLatin(s string) bool {
	sh := scriptShape(s)
	return sh.prose() && sh.latin*10 <= sh.letters*3
}
