package lang

import "github.com/kljensen/snowball/english"

// IsStop reports whether a lower-case word carries no topic: English stop
// words, and the words that frame a question rather than say what it is
// about ("how many", "tell me about", "what did … say", "is there
// anything", "quoted in the coverage", "pls"). Retrieval's ranking and its
// relevance floor and the answer checks share this list, so a word ignored
// by one is ignored by all.
func IsStop(w string) bool {
	return english.IsStopWord(w) || stopWords[w]
}

var stopWords = toSet(`
	a about above after again against all also am an and any are as at be because been before being below between
	both but by can could did do does doing down during each few for from further had has have having he her here
	hers herself him himself his how i if in into is it its itself just me more most my myself no nor not of off on
	once only or other our ours ourselves out over own same she should so some such than that the their theirs them
	themselves then there these they this those through to too under until up very was we were what when where which
	while who whom why will with would you your yours yourself yourselves us
	many much whose tell also would could may might shall must mr ms mrs per yet according
	said say says saying describe described explain explained mention mentioned happen happened think know
	kind type sort
	quote quoted quotes coverage article articles outlet outlets story stories source sources
	anything something everything nothing any info details detail please pls plz thanks thx hi hey hello
	whether ever never really actually exactly besides else still non vs versus real
	guy guys dude dudes folks
	ll ve re d m someone anyone anybody somebody wondering wonder curious question q bot newsbot quick yo lol lmao
	basically literally um uh btw fyi ok okay kindly precisely specifically roughly approximately currently possibly stuff
`)
