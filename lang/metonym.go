package lang

import "strings"

// Metonym returns the stems of the country a capital or seat of
// government stands for in news copy ("pyongyang" → "north", "korea";
// "kremlin" → "russia"), given the capital's stem, and whether it is one.
// News writes "Seoul said" for "South Korea said"; a question that asks
// what Seoul said is answered by a sentence about South Korea, and the
// other way round. A general list, not one story's.
func Metonym(stem string) ([]string, bool) {
	c, ok := metonyms[stem]
	return c, ok
}

// Metonyms calls f with each capital's stem and its country's stems.
func Metonyms(f func(capital string, country []string)) {
	for k, v := range metonyms {
		f(k, v)
	}
}

// metonyms maps a capital's stem to its country's folded, stemmed words.
var metonyms = func() map[string][]string {
	m := map[string][]string{}
	for capital, country := range map[string]string{
		"washington": "usa", "moscow": "russia", "kremlin": "russia",
		"beijing": "china", "pyongyang": "north korea", "seoul": "south korea",
		"kyiv": "ukraine", "kiev": "ukraine", "tokyo": "japan", "london": "uk",
		"paris": "france", "berlin": "germany", "tehran": "iran",
		"ankara": "turkey", "taipei": "taiwan", "ottawa": "canada",
		"canberra": "australia", "riyadh": "saudi arabia", "cairo": "egypt",
		"baghdad": "iraq", "damascus": "syria", "kabul": "afghanistan",
		"islamabad": "pakistan", "warsaw": "poland", "rome": "italy",
		"madrid": "spain", "caracas": "venezuela", "havana": "cuba",
		"brasilia": "brazil", "minsk": "belarus", "delhi": "india",
		"jakarta": "indonesia", "manila": "philippines", "hanoi": "vietnam",
		"bangkok": "thailand", "athens": "greece", "lisbon": "portugal",
		"stockholm": "sweden", "oslo": "norway", "helsinki": "finland",
		"copenhagen": "denmark", "vienna": "austria", "budapest": "hungary",
		"prague": "czech", "bucharest": "romania", "sofia": "bulgaria",
		"belgrade": "serbia", "dublin": "ireland", "amsterdam": "netherlands",
		"bern": "switzerland", "nairobi": "kenya", "pretoria": "south africa",
		"lagos": "nigeria", "abuja": "nigeria", "tripoli": "libya",
		"khartoum": "sudan", "doha": "qatar",
		"muscat": "oman", "amman": "jordan", "beirut": "lebanon",
		"jerusalem": "israel", "wellington": "new zealand",
		"santiago": "chile", "lima": "peru", "bogota": "colombia", "quito": "ecuador",
	} {
		var ws []string
		for _, w := range strings.Fields(country) {
			ws = append(ws, Stem(w))
		}
		m[Stem(capital)] = ws
	}
	return m
}()
