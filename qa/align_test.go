package qa

import "testing"

func TestDiffering(t *testing.T) {
	tests := []struct {
		name, lang, a, b string
		ok               bool
		va, vb, kind     string
	}{
		{
			name: "weekday",
			lang: "en",
			a:    "Dockworkers in Rotterdam stopped work at 6 a.m. on Tuesday.",
			b:    "Dockworkers in Rotterdam stopped work at 6 a.m. on Wednesday.",
			ok:   true, va: "Tuesday", vb: "Wednesday", kind: "date",
		},
		{
			name: "name spelt differently",
			lang: "en",
			a:    "The strike will continue until the port agrees, said union leader Niek Stam.",
			b:    "The strike will continue until the port agrees, said union leader Nick Stamm.",
			ok:   true, va: "Niek Stam", vb: "Nick Stamm", kind: "name",
		},
		{
			name: "count",
			lang: "en",
			a:    "About 4,000 dockworkers joined the strike at the port of Rotterdam.",
			b:    "About 3,000 dockworkers joined the strike at the port of Rotterdam.",
			ok:   true, va: "4,000", vb: "3,000", kind: "number",
		},
		{
			name: "death toll",
			lang: "en",
			a:    "The earthquake killed 25 people in the north of the country.",
			b:    "The earthquake killed 27 people in the north of the country.",
			ok:   true, va: "25", vb: "27", kind: "number",
		},
		{
			name: "year",
			lang: "en",
			a:    "The union last called a national strike in 2019, its leader said.",
			b:    "The union last called a national strike in 2021, its leader said.",
			ok:   true, va: "2019", vb: "2021", kind: "date",
		},
		{
			name: "Russian weekday",
			lang: "ru",
			a:    "Докеры Роттердама прекратили работу в четверг утром.",
			b:    "Докеры Роттердама прекратили работу в пятницу утром.",
			ok:   true, va: "четверг", vb: "пятницу", kind: "date",
		},
		{
			name: "Russian month",
			lang: "ru",
			a:    "Забастовка докеров в порту началась 3 марта, сообщил профсоюз.",
			b:    "Забастовка докеров в порту началась 3 апреля, сообщил профсоюз.",
			ok:   true, va: "марта", vb: "апреля", kind: "date",
		},
		{
			name: "different things sharing a word",
			lang: "en",
			a:    "In Houston, the concert drew a record crowd on Saturday night.",
			b:    "Whitney Houston sang the anthem before the game on Saturday night.",
		},
		{
			name: "two places differ",
			lang: "en",
			a:    "Dockworkers in Rotterdam stopped work at 6 a.m. on Tuesday after talks failed.",
			b:    "Dockworkers in Antwerp stopped work at 6 a.m. on Wednesday after talks failed.",
		},
		{
			name: "two values within a short span",
			lang: "en",
			a:    "The earthquake on the island killed 25 and hurt 40 in the north of the country, officials said.",
			b:    "The earthquake on the island killed 27 and hurt 45 in the north of the country, officials said.",
		},
		{
			name: "identical",
			lang: "en",
			a:    "Dockworkers in Rotterdam stopped work at 6 a.m. on Tuesday.",
			b:    "Dockworkers in Rotterdam stopped work at 6 a.m. on Tuesday.",
		},
		{
			name: "case only",
			lang: "en",
			a:    "Dockworkers in Rotterdam stopped work at 6 a.m. on Tuesday.",
			b:    "Dockworkers in Rotterdam stopped work at 6 a.m. on TUESDAY.",
		},
		{
			name: "synonym, no value",
			lang: "en",
			a:    "The port will reopen on Friday after the talks, the mayor said.",
			b:    "The port will reopen on Friday after the talks, the mayor stated.",
		},
		{
			name: "pronoun swap is no name",
			lang: "en",
			a:    "The union leader told reporters: We will stay out until Friday.",
			b:    "The union leader told reporters: They will stay out until Friday.",
		},
		{
			name: "insertion only",
			lang: "en",
			a:    "Dockworkers in Rotterdam stopped work at 6 a.m. on Tuesday.",
			b:    "Dockworkers in Rotterdam stopped work at 6 a.m. on Tuesday 12 May.",
		},
		{
			name: "deletion only",
			lang: "en",
			a:    "About 4,000 dockworkers joined the strike at the port of Rotterdam.",
			b:    "About dockworkers joined the strike at the port of Rotterdam.",
		},
		{
			name: "hunk too long",
			lang: "en",
			a:    "The strike at the port began on Tuesday, the union said.",
			b:    "The strike at the port began on the first Monday of May, the union said.",
		},
		{
			name: "too little in common",
			lang: "en",
			a:    "Stam said 25 were hurt.",
			b:    "Stam said 27 were hurt.",
		},
		{
			name: "empty",
			lang: "en",
			a:    "",
			b:    "Dockworkers in Rotterdam stopped work at 6 a.m. on Tuesday.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			va, vb, ok := differing(tt.a, tt.b, tt.lang)
			if ok != tt.ok || va != tt.va || vb != tt.vb {
				t.Fatalf("differing = %q, %q, %v; want %q, %q, %v", va, vb, ok, tt.va, tt.vb, tt.ok)
			}
			if !ok {
				return
			}
			if k := valueKind(va); k != tt.kind {
				t.Errorf("valueKind(%q) = %q, want %q", va, k, tt.kind)
			}
			if k := valueKind(vb); k != tt.kind {
				t.Errorf("valueKind(%q) = %q, want %q", vb, k, tt.kind)
			}
		})
	}
}

func TestDifferingValueKind(t *testing.T) {
	tests := []struct{ v, want string }{
		{"Tuesday", "date"},
		{"12 May", "date"},
		{"в пятницу", "date"},
		{"марта", "date"},
		{"2025", "date"},
		{"4,000", "number"},
		{"25 people", "number"},
		{"20000", "number"},
		{"Niek Stam", "name"},
		{"Rotterdam", "name"},
	}
	for _, tt := range tests {
		if got := valueKind(tt.v); got != tt.want {
			t.Errorf("valueKind(%q) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
