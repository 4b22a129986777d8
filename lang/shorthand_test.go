package lang

import "testing"

func TestExpand(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"chat", "wat r nk troops doing rn", "what are north korea troops doing right now"},
		{"owner without apostrophe", "did nks denial come first", "did north korea's denial come first"},
		{"u ur", "can u tell me ur view", "can you tell me your view"},
		{"y whole word only", "y did they? yes, y'all", "why did they? yes, y'all"},
		{"because", "bc of the govt, cuz ppl", "because of the government, because people"},
		{"gov't", "the gov't said", "the government said"},
		{"family", "the drexel guy and his dad", "the drexel guy and his father"},
		{"city nickname", "the tanker that shut the philly port", "the tanker that shut the philadelphia port"},
		{"would could should", "how much wud it cost, cud they pay, shud they", "how much would it cost, could they pay, should they"},
		{"cincy", "did cincy win", "did cincinnati win"},
		{"pts", "how many pts did he score", "how many points did he score"},
		{"please thanks", "pls plz thx", "please please thanks"},
		{"contractions", "kinda gonna wanna tho", "kind of going to want to though"},
		{"with before today", "talks w/ sk b4 2day", "talks with south korea before today"},
		{"without", "w/o delay", "without delay"},
		{"abt intl", "abt intl sanctions", "about international sanctions"},
		{"intel, not Intel", "which intel agency, per the secgen? Intel said", "which intelligence agency, per the secretary-general? Intel said"},
		{"two-digit year", "why did they sell it back in 84", "why did they sell it in 1984"},
		{"two-digit year before punctuation", "what happened since 99, and in 03?", "what happened since 1999, and in 2003?"},
		{"a number with a unit is no year", "sold in 12 months, in 84 days", "sold in 12 months, in 84 days"},
		{"w for with", "is nk denying arms deals w russia", "is north korea denying arms deals with russia"},
		{"W kept in capitals", "Plan W failed", "Plan W failed"},
		{"the us", "what did the us say", "what did the usa say"},
		{"us officials", "did us officials react", "did usa officials react"},
		{"pronoun us", "tell us about it, give us info", "tell us about it, give us info"},
		{"US left to Fold", "what did the US say", "what did the US say"},
		{"u.s. and usa", "u.s. troops, usa", "usa troops, usa"},
		{"dprk stays", "dprk and DPRK", "dprk and DPRK"},
		{"capital letters alone", "Plan U and R", "Plan U and R"},
		{"not inside words", "urge runs us-china", "urge runs us-china"},
		{"case-free ones", "NK and Govt", "north korea and government"},
		{"n for and", "who bought it n for how much", "who bought it and for how much"},
		{"n s before korea", "n korea and s korean troops", "north korea and south korean troops"},
		{"N kept in capitals", "Plan N failed", "Plan N failed"},
		{"acc to", "acc to the ceo, the acc account", "according to the ceo, the acc account"},
		{"joint ventures", "any jvs or a jv", "any joint ventures or a joint venture"},
		{"chat words", "thats rly sth, dunno tbh", "that is really something, do not know to be honest"},
		{"units", "2 hrs or 3 wks, approx 5 yrs, 1.2 bn", "2 hours or 3 weeks, approximately 5 years, 1.2 billion"},
		{"co for company", "which co bought it, Co kept", "which company bought it, Co kept"},
		{"possessive shorthand", "nk's troops and the govt's view, y'all", "north korea's troops and the government's view, y'all"},
		{"question-word typos", "wen n whn, wich one, howmany", "when and when, which one, how many"},
		{"contractions without apostrophe", "wholl run it, whatll they do", "who will run it, what will they do"},
		{"tech", "dot matrix tech rights", "dot matrix technology rights"},
		{"thousands", "who came up with the 11k number, not 1.5k or 12K", "who came up with the 11,000 number, not 1,500 or 12,000"},
		{"k alone and in words", "k-pop and 5km and kk", "k-pop and 5km and kk"},
		{"titles", "the vice FM and the vp", "the vice foreign minister and the vice president"},
		{"quarters", "q1 results and Q4 profit", "first quarter results and fourth quarter profit"},
		{"fiscal years", "revenue in 87/88 and 24/25, not 12/25 or 1987/88", "revenue in 1987/88 and 2024/25, not 12/25 or 1987/88"},
		{"management", "the waste mgmt bid", "the waste management bid"},
		{"business abbreviations", "the salomon bros analyst, the bankers assn", "the salomon brothers analyst, the bankers association"},
		{"max and min, not Max", "how much could it pump max, and Max Fisher", "how much could it pump maximum, and Max Fisher"},
		{"weekdays and hq", "did they meet tues or Thurs at the hq", "did they meet tuesday or thursday at the headquarters"},
		{"supe", "who won the school supe race", "who won the school superintendent race"},
		{"empty", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Expand(tt.in); got != tt.want {
				t.Errorf("Expand(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}
