package corpus

// The characters of a simple font's one-byte codes (ISO 32000-1, 9.6.6 and
// Annex D): a base encoding (Standard, WinAnsi, MacRoman), changed by a
// Differences array of glyph names. Glyph names are read as the Adobe Glyph
// List specification says: "uni0410", "u1F600", "f_i" and "a.sc" by their
// form, Latin names from a table here, accented letters by composing their
// base with the accent the name ends in ("Scaron", "gbreve"), and the
// Cyrillic "afii100NN" names old Type 1 fonts use by their ranges. A name
// none of these knows (the "g17" or "cid42" of subset fonts) gives nothing.

import (
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// baseEncoding returns the characters of a named base encoding's codes.
func baseEncoding(name string) [256]string {
	var t [256]string
	switch name {
	case "WinAnsiEncoding", "MacRomanEncoding":
		cm := charmap.Windows1252
		if name == "MacRomanEncoding" {
			cm = charmap.Macintosh
		}
		for c := 32; c < 256; c++ {
			if r := cm.DecodeByte(byte(c)); r >= ' ' && r != 0x7f && (r < 0x80 || r >= 0xa0) {
				t[c] = string(r)
			}
		}
		if name == "WinAnsiEncoding" {
			t[0xad] = "-" // drawn as a hyphen, usually where a word breaks
		}
	default: // StandardEncoding, the default of Latin fonts
		for c := 32; c < 127; c++ {
			t[c] = string(rune(c))
		}
		t['\''], t['`'] = "\u2019", "\u2018"
		for c, name := range standardHigh {
			t[c], _ = glyphText(name)
		}
	}
	return t
}

// standardHigh names the glyphs of StandardEncoding above ASCII.
var standardHigh = map[byte]string{
	0xa1: "exclamdown", 0xa2: "cent", 0xa3: "sterling", 0xa4: "fraction", 0xa5: "yen",
	0xa6: "florin", 0xa7: "section", 0xa8: "currency", 0xa9: "quotesingle", 0xaa: "quotedblleft",
	0xab: "guillemotleft", 0xac: "guilsinglleft", 0xad: "guilsinglright", 0xae: "fi", 0xaf: "fl",
	0xb1: "endash", 0xb2: "dagger", 0xb3: "daggerdbl", 0xb4: "periodcentered", 0xb6: "paragraph",
	0xb7: "bullet", 0xb8: "quotesinglbase", 0xb9: "quotedblbase", 0xba: "quotedblright",
	0xbb: "guillemotright", 0xbc: "ellipsis", 0xbd: "perthousand", 0xbf: "questiondown",
	0xc1: "grave", 0xc2: "acute", 0xc3: "circumflex", 0xc4: "tilde", 0xc5: "macron", 0xc6: "breve",
	0xc7: "dotaccent", 0xc8: "dieresis", 0xca: "ring", 0xcb: "cedilla", 0xcd: "hungarumlaut",
	0xce: "ogonek", 0xcf: "caron", 0xd0: "emdash", 0xe1: "AE", 0xe3: "ordfeminine", 0xe8: "Lslash",
	0xe9: "Oslash", 0xea: "OE", 0xeb: "ordmasculine", 0xf1: "ae", 0xf5: "dotlessi", 0xf8: "lslash",
	0xf9: "oslash", 0xfa: "oe", 0xfb: "germandbls",
}

// glyphNames maps the Latin glyph names that are not one letter nor an
// accented one to their characters.
var glyphNames = map[string]string{
	"space": " ", "exclam": "!", "quotedbl": "\"", "numbersign": "#", "dollar": "$", "percent": "%",
	"ampersand": "&", "quotesingle": "'", "parenleft": "(", "parenright": ")", "asterisk": "*",
	"plus": "+", "comma": ",", "hyphen": "-", "period": ".", "slash": "/", "zero": "0", "one": "1",
	"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
	"nine": "9", "colon": ":", "semicolon": ";", "less": "<", "equal": "=", "greater": ">",
	"question": "?", "at": "@", "bracketleft": "[", "backslash": "\\", "bracketright": "]",
	"asciicircum": "^", "underscore": "_", "grave": "`", "braceleft": "{", "bar": "|",
	"braceright": "}", "asciitilde": "~",
	"quoteleft": "‘", "quoteright": "’", "quotedblleft": "“", "quotedblright": "”",
	"quotesinglbase": "‚", "quotedblbase": "„", "guillemotleft": "«", "guillemotright": "»",
	"guilsinglleft": "‹", "guilsinglright": "›", "endash": "–", "emdash": "—", "bullet": "•",
	"ellipsis": "…", "dagger": "†", "daggerdbl": "‡", "perthousand": "‰", "trademark": "™",
	"copyright": "©", "registered": "®", "degree": "°", "section": "§", "paragraph": "¶",
	"periodcentered": "·", "exclamdown": "¡", "questiondown": "¿", "cent": "¢", "sterling": "£",
	"currency": "¤", "yen": "¥", "Euro": "€", "florin": "ƒ", "brokenbar": "¦", "ordfeminine": "ª",
	"ordmasculine": "º", "logicalnot": "¬", "sfthyphen": "-", "softhyphen": "-", "nbspace": " ",
	"nonbreakingspace": " ", "plusminus": "±", "multiply": "×", "divide": "÷", "minus": "−",
	"fraction": "⁄", "onehalf": "½", "onequarter": "¼", "threequarters": "¾", "onesuperior": "¹",
	"twosuperior": "²", "threesuperior": "³", "mu": "µ", "numero": "№",
	"acute": "´", "dieresis": "¨", "cedilla": "¸", "macron": "¯", "circumflex": "ˆ", "tilde": "˜",
	"ring": "˚", "caron": "ˇ", "breve": "˘", "dotaccent": "˙", "ogonek": "˛", "hungarumlaut": "˝",
	"fi": "fi", "fl": "fl", "ff": "ff", "ffi": "ffi", "ffl": "ffl",
	"dotlessi": "ı", "dotlessj": "ȷ", "AE": "Æ", "ae": "æ", "OE": "Œ", "oe": "œ", "Oslash": "Ø",
	"oslash": "ø", "Lslash": "Ł", "lslash": "ł", "germandbls": "ß", "Eth": "Ð", "eth": "ð",
	"Thorn": "Þ", "thorn": "þ", "Dcroat": "Đ", "dcroat": "đ", "Hbar": "Ħ", "hbar": "ħ", "Eng": "Ŋ",
	"eng": "ŋ", "IJ": "Ĳ", "ij": "ĳ", "kgreenlandic": "ĸ", "longs": "ſ", "napostrophe": "ŉ",
	"Schwa": "Ə", "schwa": "ə", "afii10846": "ә",
}

// accents maps the accent a glyph name may end in to its combining mark.
var accents = []struct{ name, mark string }{
	{"acute", "\u0301"}, {"grave", "\u0300"}, {"circumflex", "\u0302"}, {"dieresis", "\u0308"},
	{"tilde", "\u0303"}, {"ring", "\u030a"}, {"cedilla", "\u0327"}, {"caron", "\u030c"},
	{"macron", "\u0304"}, {"breve", "\u0306"}, {"dotaccent", "\u0307"}, {"ogonek", "\u0328"},
	{"hungarumlaut", "\u030b"}, {"commaaccent", "\u0326"},
}

// cyrillicAFII maps the ranges of afii100NN glyph names to the Cyrillic
// letters they name: afii10017 is А, and so on.
var cyrillicAFII = []struct {
	from, to int  // afii numbers
	first    rune // the letter of from
}{
	{10017, 10022, 'А'}, {10023, 10023, 'Ё'}, {10024, 10049, 'Ж'},
	{10050, 10050, 'Ґ'}, {10051, 10061, 'Ђ'}, {10062, 10062, 'Ў'}, {10145, 10145, 'Џ'},
	{10065, 10070, 'а'}, {10071, 10071, 'ё'}, {10072, 10097, 'ж'},
	{10098, 10098, 'ґ'}, {10099, 10109, 'ђ'}, {10110, 10110, 'ў'}, {10193, 10193, 'џ'},
}

// glyphText returns the text a glyph name stands for; ok is false when the
// name says nothing of it.
func glyphText(name string) (text string, ok bool) {
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name = name[:i] // a variant: "a.sc", "one.oldstyle"
	}
	if name == "" {
		return "", false
	}
	if strings.Contains(name, "_") { // a ligature: "f_f_i"
		var b strings.Builder
		for part := range strings.SplitSeq(name, "_") {
			t, ok := glyphText(part)
			if !ok {
				return "", false
			}
			b.WriteString(t)
		}
		return b.String(), true
	}
	if t, ok := glyphNames[name]; ok {
		return t, true
	}
	if len(name) == 1 && (name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z') {
		return name, true
	}
	if t, ok := unicodeGlyph(name); ok {
		return t, true
	}
	if n, err := strconv.Atoi(strings.TrimPrefix(name, "afii")); err == nil && strings.HasPrefix(name, "afii") {
		for _, c := range cyrillicAFII {
			if n >= c.from && n <= c.to {
				return string(c.first + rune(n-c.from)), true
			}
		}
		return "", false
	}
	for _, a := range accents {
		base, found := strings.CutSuffix(name, a.name)
		if !found || len(base) != 1 && base != "dotlessi" {
			continue
		}
		if base == "dotlessi" {
			base = "ı"
		}
		if s := norm.NFC.String(base + a.mark); len([]rune(s)) == 1 {
			return s, true
		}
	}
	return "", false
}

// unicodeGlyph reads the names "uniXXXX…" (one or more 4-digit code points)
// and "uXXXX" to "uXXXXXX".
func unicodeGlyph(name string) (string, bool) {
	var hex []string
	switch {
	case strings.HasPrefix(name, "uni") && len(name) >= 7 && (len(name)-3)%4 == 0:
		for i := 3; i < len(name); i += 4 {
			hex = append(hex, name[i:i+4])
		}
	case strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7:
		hex = []string{name[1:]}
	default:
		return "", false
	}
	var b strings.Builder
	for _, h := range hex {
		v, err := strconv.ParseUint(h, 16, 32)
		if err != nil || v > 0x10ffff || v >= 0xd800 && v < 0xe000 {
			return "", false
		}
		b.WriteRune(rune(v))
	}
	return b.String(), true
}
