//go:build ignore

// Gen writes cyrillic.pdf, the fixture of a PDF in Russian whose text is in
// an embedded TrueType subset (Type0, Identity-H, with a ToUnicode CMap), as
// word processors write non-Latin text. It needs DejaVu Sans (Debian's
// fonts-dejavu-core), which the tests do not: they read the PDF committed.
// From the corpus folder (see the go:generate line in pdf_test.go):
//
//	go run testdata/pdf/gen.go
package main

import (
	"log"
	"os"
	"time"

	"github.com/go-pdf/fpdf"
)

const font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

func main() {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	date := time.Date(2024, 3, 15, 9, 30, 0, 0, time.FixedZone("", 3*3600))
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	pdf.SetTitle("Порт Одессы возобновил работу", true)
	pdf.SetAuthor("Олена Марченко", true)
	pdf.SetProducer("newsdesk corpus/testdata/pdf/gen.go", false)
	ttf, err := os.ReadFile(font)
	if err != nil {
		log.Fatal(err)
	}
	pdf.AddUTF8FontFromBytes("dejavu", "", ttf)
	pdf.SetFooterFunc(func() {
		pdf.SetFont("dejavu", "", 9)
		pdf.Text(100, 285, "стр. 1")
	})
	pdf.AddPage()
	pdf.SetFont("dejavu", "", 18)
	pdf.Text(20, 30, "Порт Одессы возобновил работу")
	pdf.SetFont("dejavu", "", 11)
	y := 45.0
	for _, line := range []string{
		// One paragraph, "экономики" hyphenated across two lines.
		"Докеры порта Одессы вернулись к работе в пятницу после того, как",
		"профсоюз и администрация порта согласовали новое соглашение о",
		"заработной плате. Забастовка стоила региональной эконо-",
		"мике около сорока миллионов долларов в неделю.",
		"",
		// A second one after a blank line, with «ёлочки» and a dash.
		"«Мы получили то, что просили», — сказал председатель профсоюза",
		"Петро Коваленко журналистам у главных ворот порта.",
	} {
		if line != "" {
			pdf.Text(20, y, line)
		}
		y += 6
	}
	if err := pdf.OutputFileAndClose("testdata/pdf/cyrillic.pdf"); err != nil {
		log.Fatal(err)
	}
}
