package answer

// sizer is a Searcher that says how many passages it holds without listing
// them, as *retrieval.Index does. idfFor asks it first: listing a corpus
// too large for whole-corpus statistics (Index.Passages copies every
// passage, 0.2 s at 100k) only to find that out cost every question.
type sizer interface{ Len() int }

// corpusTooLarge reports whether the searcher holds more passages than
// whole-corpus statistics are computed for.
func (a *Answerer) corpusTooLarge() bool {
	s, ok := a.search.(sizer)
	return ok && s.Len() > maxBackground
}
