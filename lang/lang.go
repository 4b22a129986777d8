// Package lang is the project's one reading of English text for matching:
// words, the folded form of a text (aliases, demonyms), chat shorthand,
// stop words, synonym-folded stems, spelling variants, and the small cues
// the answer checks use (names, numbers, negation).
//
// Retrieval and the answer checks both use it, so a question and a passage
// are read the same way wherever they meet. It is a leaf: it imports only
// stemmer, golang.org/x/text and the standard library.
package lang
