package corpus

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// loadOne loads one file of testdata/charset through the loader, as bot
// ingest does.
func loadOne(t *testing.T, name string) (Source, error) {
	t.Helper()
	p := filepath.Join("testdata", "charset", name)
	var got []Source
	var errs []error
	for src, err := range Sources(p) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, src)
	}
	if len(got)+len(errs) != 1 {
		t.Fatalf("%s: %d sources and %d errors, want one of them", p, len(got), len(errs))
	}
	if len(errs) == 1 {
		return Source{}, errs[0]
	}
	return got[0], nil
}

// TestDecodeSamples loads a file in each encoding a scraper brings back and
// finds a sentence of it, converted to UTF-8.
func TestDecodeSamples(t *testing.T) {
	tests := []struct {
		file, charset, phrase string
		format                Format
	}{
		{"ru-windows-1251.txt", "windows-1251",
			"«Мы наконец получили деньги на то, о чём жители просят уже пять лет», — сказал", Text},
		{"ru-koi8-r.html", "koi8-r",
			"Самой старой карте больше двухсот лет: на ней ещё нет ни железной дороги", HTML},
		{"az-utf16le-bom.txt", "utf-16le",
			"Bakı şəhərinin Xətai rayonunda bazar günü yeni park açılıb.", Text},
		{"fr-latin1.txt", "windows-1252",
			"« Ce marché fait partie de la vie du quartier depuis plus d'un siècle », a déclaré l'adjointe", Text},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src, err := loadOne(t, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(src.Content, tt.phrase) {
				t.Errorf("content does not hold %q:\n%s", tt.phrase, src.Content)
			}
			if src.Format != tt.format || !utf8.ValidString(src.Content) || strings.HasPrefix(src.Content, "\ufeff") {
				t.Errorf("format %v, valid UTF-8 %v, starts %q", src.Format, utf8.ValidString(src.Content), truncate(src.Content, 3))
			}
			raw := mustRead(t, filepath.Join("testdata", "charset", tt.file))
			if _, charset, _, _ := decodeText(raw, kindOf(tt.file)); charset != tt.charset {
				t.Errorf("read as %q, want %q", charset, tt.charset)
			}
		})
	}
}

// TestDecodeSamplesParse cleans the converted samples: the KOI8-R page has
// its title and article without its menu, and both Russian samples are
// recognised as Russian.
func TestDecodeSamplesParse(t *testing.T) {
	tests := []struct {
		file, title, lang, inBody, notInBody string
	}{
		{"ru-koi8-r.html", "Выставка старых карт открылась в библиотеке", "ru",
			"— рассказала директор библиотеки Ирина Соколова.", "Главная"},
		{"ru-windows-1251.txt", "Городской совет утвердил бюджет на ремонт дорог", "ru",
			"Первыми отремонтируют улицы у школ и больниц, а затем мосты через реку.", ""},
		{"fr-latin1.txt", "Le conseil municipal vote la rénovation du marché couvert", "fr",
			"Les travaux coûteront près de quatre millions d'euros.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src, err := loadOne(t, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != tt.title || doc.Lang != tt.lang {
				t.Errorf("title %q lang %q, want %q %q", doc.Title, doc.Lang, tt.title, tt.lang)
			}
			if !strings.Contains(doc.Body, tt.inBody) || tt.notInBody != "" && strings.Contains(doc.Body, tt.notInBody) {
				t.Errorf("body should hold %q and not %q:\n%s", tt.inBody, tt.notInBody, doc.Body)
			}
		})
	}
}

// TestDecodeNoiseRefused loads bytes that are no text in any code page: they
// are refused as before, naming the file and the line of the first byte
// that is not UTF-8.
func TestDecodeNoiseRefused(t *testing.T) {
	_, err := loadOne(t, "noise.txt")
	var le *LoadError
	if !errors.As(err, &le) || !errors.Is(err, ErrInvalidUTF8) {
		t.Fatalf("got %v, want a LoadError for invalid UTF-8", err)
	}
	want := filepath.Join("testdata", "charset", "noise.txt") + " line 2: invalid UTF-8: byte 0xc0 at offset 51 (column 1)"
	if le.Line != 2 || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %q, want it to start %q", err, want)
	}
}

// encode writes s in enc, for inputs made in the test.
func encode(t *testing.T, enc encoding.Encoding, s string) string {
	t.Helper()
	b, err := enc.NewEncoder().String(s)
	if err != nil {
		t.Fatalf("cannot encode %q: %v", truncate(s, 20), err)
	}
	return b
}

const (
	russian = "Депутаты городского совета утвердили бюджет на ремонт дорог.\nРаботы начнутся в апреле и закончатся до осени, а отчёт будет каждый месяц.\n"
	english = "The council met on Monday.\nThe mayor said: “We’ll start in April – and we’ll finish by autumn.”\n"
	turkish = "Belediye meclisi yeni bütçeyi onayladı.\nÇalışmalar nisan ayında başlayacak ve sonbaharda bitecek.\n"
	greek   = "Το δημοτικό συμβούλιο ενέκρινε τον προϋπολογισμό.\nΟι εργασίες θα αρχίσουν τον Απρίλιο και θα τελειώσουν το φθινόπωρο.\n"
)

// TestDecodeText runs inputs made with x/text encoders through the loader:
// what can be told with confidence is converted, the rest is refused
// naming the line, as before.
func TestDecodeText(t *testing.T) {
	cp1251 := func(s string) string { return encode(t, charmap.Windows1251, s) }
	utf16le := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM)
	utf16be := xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM)
	tests := []struct {
		name    string
		kind    fileKind
		in      string
		charset string // "" when refused or UTF-8 as given
		want    string // a part of the text; "" when refused
		line    int    // line of the fault when refused
		err     string // a part of the error; "" when accepted
	}{
		{"windows-1251 text", kindText, cp1251(russian), "windows-1251", "отчёт будет каждый месяц", 0, ""},
		{"windows-1251 Ukrainian", kindText, cp1251("Депутати міської ради затвердили бюджет.\nРоботи почнуться у квітні і завершаться до осені.\n"),
			"windows-1251", "почнуться у квітні", 0, ""},
		{"windows-1251 Markdown with front matter", kindMarkdown, cp1251("---\ntitle: Бюджет утвердили\n---\n" + russian),
			"windows-1251", "Депутаты городского", 0, ""},
		{"windows-1252 English with curly quotes", kindText, encode(t, charmap.Windows1252, english),
			"windows-1252", "“We’ll start in April – and", 0, ""},
		{"UTF-16BE with BOM", kindText, encode(t, utf16be, russian), "utf-16be", "отчёт будет", 0, ""},
		{"UTF-16LE with BOM, no extension", kindUnknown, encode(t, utf16le, english), "utf-16le", "We’ll start", 0, ""},
		{"http-equiv windows-1251", kindHTML, cp1251(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><title>Бюджет</title></head><body><p>` + russian + `</p></body></html>`),
			"windows-1251", "<title>Бюджет</title>", 0, ""},
		{"sniffed page with meta charset", kindUnknown, cp1251("<!DOCTYPE html><meta charset=cp1251><p>Мир</p>"),
			"windows-1251", "<p>Мир</p>", 0, ""},
		{"page without a declaration, guessed", kindHTML, cp1251("<html><body><p>" + russian + "</p></body></html>"),
			"windows-1251", "утвердили бюджет", 0, ""},
		{"declaration wins over a guess", kindHTML, encode(t, charmap.KOI8R, "<meta charset=koi8-r><p>Да.</p>"), "koi8-r", "Да.", 0, ""},
		{"UTF-8 page declaring windows-1251 stays UTF-8", kindHTML, `<meta charset="windows-1251"><p>` + russian + `</p>`,
			"", "утвердили бюджет", 0, ""},

		{"KOI8-R plain text is not guessed", kindText, encode(t, charmap.KOI8R, russian), "", "", 1, "invalid UTF-8: byte 0xe4 at offset 0 (column 1); save the file as UTF-8"},
		{"Greek windows-1253 is not guessed", kindText, "Athens\n" + encode(t, charmap.Windows1253, greek), "", "", 2, "invalid UTF-8: byte 0xd4"},
		{"windows-1254 is ambiguous", kindText, encode(t, charmap.Windows1254, turkish), "", "", 1, "byte 0xfd at offset 37 (column 38): Latin text that windows-1252 and windows-1254 (Turkish, Azerbaijani) read differently"},
		{"one accented letter is too little to go on", kindText, "First line.\nCaf\xe9 au lait.\n", "", "", 2, "invalid UTF-8: byte 0xe9 at offset 15 (column 4)"},
		{"no extension: no guess", kindUnknown, cp1251(russian), "", "", 1, "invalid UTF-8: byte 0xc4"},
		{"declared UTF-8 is refused as UTF-8", kindHTML, cp1251("<meta charset=utf-8>\n<p>" + russian + "</p>"), "", "", 2, "invalid UTF-8: byte 0xc4"},
		{"declared UTF-16 means UTF-8", kindHTML, cp1251("<meta charset=utf-16>\n<p>" + russian + "</p>"), "", "", 2, "invalid UTF-8: byte 0xc4"},
		{"a byte with no character in the declared charset", kindHTML, "<meta charset=windows-1251>\n<p>\xc4\xe0</p>\n<p>\x98</p>", "", "", 3,
			"invalid UTF-8, nor valid windows-1251 as the page declares"},
		{"UTF-8 byte-order mark wins", kindText, utf8BOM + cp1251(russian), "", "", 1, "invalid UTF-8: byte 0xc4 at offset 3"},
		{"UTF-16 with an unpaired surrogate", kindText, "\xff\xfeA\x00\n\x00\x00\xd8B\x00", "", "", 2, "invalid UTF-8, nor valid utf-16le"},
		{"UTF-16 holding NUL", kindText, "\xff\xfeA\x00\x00\x00", "", "", 0, "binary content, not text: NUL byte"},
		{"UTF-16 holding only space", kindText, "\xff\xfe \x00\n\x00", "", "", 0, "no text"},
		{"high bytes without spaces", kindText, strings.Repeat("\xc0\xe1\xf2\xe5\xf0\xec", 30), "", "", 1, "invalid UTF-8: byte 0xc0"},
		{"random bytes with spaces", kindText, "Noise\n" + randomText(2000), "", "", 2, "invalid UTF-8: byte 0x"},
		{"Cyrillic letters in Latin words", kindText, encode(t, charmap.Windows1252, "The café served crème brûlée. Déjà vu, naïve façade!\n"), "windows-1252", "crème brûlée", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, charset, line, err := decodeText([]byte(tt.in), tt.kind)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || line != tt.line {
					t.Fatalf("got error %v at line %d, want %q at line %d; text %q", err, line, tt.err, tt.line, truncate(text, 40))
				}
				_, ferr := fileSource([]byte(tt.in), tt.kind, "f")
				if le := (*LoadError)(nil); !errors.As(ferr, &le) || le.Path != "f" || le.Line != tt.line {
					t.Errorf("loader error %v does not name f line %d", ferr, tt.line)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if charset != tt.charset || !strings.Contains(text, tt.want) || !utf8.ValidString(text) {
				t.Errorf("read as %q, want %q; text %q does not hold %q", charset, tt.charset, text, tt.want)
			}
		})
	}
}

// randomText returns n bytes drawn evenly from 0x20–0xFF, a space every
// seventh, without the bytes windows-1251 and windows-1252 have no
// character for: what the guesses must refuse on their letters and words
// alone.
func randomText(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = ' '
		if i%7 != 6 {
			b[i] = byte(0x20 + r.IntN(0xe0))
		}
		switch b[i] {
		case 0x81, 0x8d, 0x8f, 0x90, 0x98, 0x9d:
			b[i] = 'x'
		}
	}
	return string(b)
}

// TestDeclaredCharset reads the declarations browsers read, and ignores
// the ones they ignore.
func TestDeclaredCharset(t *testing.T) {
	tests := []struct{ page, want string }{
		{`<meta charset="KOI8-R">`, "koi8-r"},
		{`<META CHARSET=cp1251>`, "windows-1251"},
		{`<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">`, "windows-1251"},
		{`<meta content='text/html;charset="iso-8859-5"' http-equiv='content-type'/>`, "iso-8859-5"},
		{`<meta content="text/html; charset=koi8-r">`, ""}, // no http-equiv: not a declaration
		{`<meta http-equiv="Content-Type" content="text/html">`, ""},
		{`<meta charset="klingon"><meta charset="latin1">`, "windows-1252"},
		{`<meta charset="utf-16le">`, "utf-8"},
		{`<meta charset="x-user-defined">`, "windows-1252"},
		{`<!-- <meta charset="koi8-r"> --><p>text</p>`, ""},
		{`<script>var s = '<meta charset="koi8-r">';</script>`, ""},
		{`<title>` + strings.Repeat("x", prescanSize) + `</title><meta charset="koi8-r">`, ""},
		{``, ""},
	}
	for _, tt := range tests {
		enc, name := declaredCharset([]byte(tt.page))
		if name != tt.want || (enc == nil) != (tt.want == "") {
			t.Errorf("%s: got %q (%v), want %q", truncate(tt.page, 60), name, enc, tt.want)
		}
	}
}

func TestMetaContentCharset(t *testing.T) {
	tests := []struct{ content, want string }{
		{"text/html; charset=koi8-r", "koi8-r"},
		{"text/html;charset=koi8-r;", "koi8-r"},
		{"text/html; CHARSET = 'windows-1251' ", "windows-1251"},
		{`text/html; charset="utf-8`, ""},
		{"text/html; charset", ""},
		{"text/html; charsetx; charset=cp1251", "cp1251"},
		{"text/html; charset=", ""},
		{"text/html", ""},
		{"İİİİ; \xff\xff\xff charset=koi8-r", "koi8-r"}, // bytes that change length when lower-cased
	}
	for _, tt := range tests {
		if got := metaContentCharset(tt.content); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.content, got, tt.want)
		}
	}
}

// FuzzDecode feeds arbitrary bytes to the decoder as each kind of file: no
// panic; what it accepts is non-blank UTF-8 without NUL bytes, unchanged
// when it was UTF-8 already; what it refuses is refused for a reason the
// loader names, at a line of the input.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"ru-windows-1251.txt", "ru-koi8-r.html", "az-utf16le-bom.txt", "fr-latin1.txt", "noise.txt"} {
		f.Add(mustRead(f, filepath.Join("testdata", "charset", name)))
	}
	f.Add([]byte("\xfe\xff\x00A\xd8\x00"))
	f.Add([]byte("<meta http-equiv=content-type content='text/html; charset=shift_jis'>\x82\xa0"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, kind := range []fileKind{kindUnknown, kindText, kindHTML, kindMarkdown} {
			text, charset, line, err := decodeText(b, kind)
			if err != nil {
				if !errors.Is(err, ErrInvalidUTF8) && !errors.Is(err, ErrBinary) && !errors.Is(err, ErrEmpty) {
					t.Fatalf("kind %d: error %q names no reason", kind, err)
				}
				if line < 0 || line > bytes.Count(b, []byte{'\n'})+1 {
					t.Fatalf("kind %d: error at line %d of a %d-line input", kind, line, bytes.Count(b, []byte{'\n'})+1)
				}
				continue
			}
			if !utf8.ValidString(text) || strings.TrimSpace(text) == "" || strings.IndexByte(text, 0) >= 0 {
				t.Fatalf("kind %d: text %q is blank, not UTF-8 or holds NUL", kind, text)
			}
			if charset == "" && text != strings.TrimPrefix(string(b), utf8BOM) {
				t.Fatalf("kind %d: UTF-8 input changed: %q became %q", kind, b, text)
			}
		}
	})
}

// mustRead returns the bytes of file p.
func mustRead(tb testing.TB, p string) []byte {
	tb.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
