#!/usr/bin/env python3
"""Check a newsbot question set against the articles it is about.

Usage:
    python3 check_evidence.py QUESTIONS.jsonl ARTICLES_DIR [--show]

QUESTIONS.jsonl holds one JSON object a line: id, question, answerable, answer_any,
evidence_any, optional no_mass_mention (true); a follow-up set may also carry history
(a list of {"question", "answer"} objects).  ARTICLES_DIR holds the article files
(.md / .txt, optional YAML front matter between two '---' lines, which is not body text).

Errors (exit status 1):
  * a line that is not a JSON object, unknown fields, wrong types, repeated ids;
  * an answerable question without answer_any or evidence_any, or an unanswerable one
    that carries them;
  * an evidence string that is not 3-8 words long;
  * an evidence string that does not stand verbatim in any article body, after light
    normalisation: curly quotes made straight, dashes made '-', whitespace collapsed,
    case folded.  Site chrome (the "Comments0 / Latest Stories / Popular Now" block some
    pages carry after the story) does not count as body;
  * a question that contains @everyone / @here / a role or user mention without
    "no_mass_mention": true.
Warnings (reported, not fatal):
  * an answer_any string that stands in none of the paragraphs the evidence strings were
    found in (hyphens, commas in numbers and punctuation ignored); expected for yes/no
    answers, spelled-out units and resolved dates;
  * a number of four or more digits listed only one way (12,000 without 12000);
  * every answer_any string already stands in the question.

--show prints, for each evidence string, the article and paragraph it was found in.
"""

import glob
import json
import os
import re
import sys

FIELDS = {"id", "question", "answerable", "answer_any", "evidence_any", "no_mass_mention", "history"}
CHROME_START = re.compile(r"^(Comments\d*|\[WORLD\] Latest Stories|You May Also Like|Popular Now|Must-Reads|Share it on\.\.\.)$")
MASS = re.compile(r"@everyone|@here|<@&\d+>|<@!?\d+>")

TRANS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "", "\ufeff": "",
})


def norm(s):
    """Light normalisation used for the verbatim check."""
    return re.sub(r"\s+", " ", s.translate(TRANS)).strip().casefold()


def loose(s):
    """Looser form for answer strings: punctuation and hyphens as spaces, 12,000 -> 12000."""
    s = norm(s)
    s = re.sub(r"(\d),(\d{3})", r"\1\2", s)
    s = re.sub(r"(\d),(\d{3})", r"\1\2", s)
    s = re.sub(r"[^\w.$%]+", " ", s)
    s = re.sub(r"\.(?!\d)", " ", s)
    return " " + re.sub(r"\s+", " ", s).strip() + " "


def loose_in(needle, hay):
    n = loose(needle).strip()
    return bool(n) and n in loose(hay)


def body_of(text):
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end >= 0:
            nl = text.find("\n", end + 4)
            text = text[nl + 1:] if nl >= 0 else ""
    lines = text.split("\n")
    for i, ln in enumerate(lines):
        if CHROME_START.match(ln.strip()):
            return "\n".join(lines[:i]), "\n".join(lines[i:])
    return text, ""


def load(folder):
    arts = []
    for p in sorted(glob.glob(os.path.join(folder, "*.md")) + glob.glob(os.path.join(folder, "*.txt"))):
        body, chrome = body_of(open(p, encoding="utf-8").read())
        paras = [norm(x) for x in re.split(r"\n", body) if x.strip()]
        arts.append({"name": os.path.basename(p), "body": norm(body), "paras": paras, "chrome": norm(chrome)})
    return arts


def find(arts, ev):
    """(article name, paragraph) pairs the evidence string stands in."""
    e = norm(ev)
    hits = []
    for a in arts:
        if e not in a["body"]:
            continue
        paras = [p for p in a["paras"] if e in p]
        if not paras:  # runs across a line break: take the joined neighbours
            ps = a["paras"]
            paras = [ps[i] + " " + ps[i + 1] for i in range(len(ps) - 1) if e in ps[i] + " " + ps[i + 1]]
        hits += [(a["name"], p) for p in paras]
    return hits


def main(argv):
    show = "--show" in argv
    args = [a for a in argv[1:] if a != "--show"]
    if len(args) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    qpath, folder = args
    arts = load(folder)
    if not arts:
        print(f"no articles in {folder}", file=sys.stderr)
        return 2
    errors, warnings = [], []
    ids = set()
    n_ans = n_unans = n_ev = 0
    for ln, line in enumerate(open(qpath, encoding="utf-8"), 1):
        if not line.strip():
            errors.append(f"line {ln}: blank line")
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {ln}: not JSON: {e}")
            continue
        if not isinstance(q, dict):
            errors.append(f"line {ln}: not an object")
            continue
        qid = q.get("id")
        where = f"line {ln} ({qid})"
        if set(q) - FIELDS:
            errors.append(f"{where}: unknown fields {sorted(set(q) - FIELDS)}")
        if not isinstance(qid, str) or not qid:
            errors.append(f"{where}: id missing")
        elif qid in ids:
            errors.append(f"{where}: id repeated")
        ids.add(qid)
        text = q.get("question")
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: question missing")
            continue
        if "no_mass_mention" in q and q["no_mass_mention"] is not True:
            errors.append(f"{where}: no_mass_mention, when present, must be true")
        if MASS.search(text) and not q.get("no_mass_mention"):
            errors.append(f"{where}: question carries a mass mention but no no_mass_mention")
        if "history" in q:
            h = q["history"]
            if not (isinstance(h, list) and h and all(isinstance(t, dict) and isinstance(t.get("question"), str)
                                                      and isinstance(t.get("answer", ""), str) for t in h)):
                errors.append(f"{where}: history must be a non-empty list of {{question, answer}} objects")
        if not isinstance(q.get("answerable"), bool):
            errors.append(f"{where}: answerable must be true or false")
            continue
        aa, ea = q.get("answer_any") or [], q.get("evidence_any") or []
        if not q["answerable"]:
            n_unans += 1
            if aa or ea:
                errors.append(f"{where}: unanswerable question carries answer_any / evidence_any")
            continue
        n_ans += 1
        if not (isinstance(aa, list) and aa and all(isinstance(x, str) and x.strip() for x in aa)):
            errors.append(f"{where}: answer_any must be a non-empty list of strings")
            continue
        if not (isinstance(ea, list) and ea and all(isinstance(x, str) and x.strip() for x in ea)):
            errors.append(f"{where}: evidence_any must be a non-empty list of strings")
            continue
        paras = []
        for ev in ea:
            n_ev += 1
            nw = len(norm(ev).split())
            if not 3 <= nw <= 8:
                errors.append(f"{where}: evidence {ev!r} has {nw} words (want 3-8)")
            hits = find(arts, ev)
            if not hits:
                inchrome = any(norm(ev) in a["chrome"] for a in arts)
                errors.append(f"{where}: MISSING evidence {ev!r}" + (" (only in site chrome)" if inchrome else ""))
                continue
            paras += [p for _, p in hits]
            if show:
                for name, p in hits:
                    print(f"  {qid} [{ev}] {name}: {p[:300]}")
        for a in aa:
            if paras and not any(loose_in(a, p) for p in paras):
                warnings.append(f"{where}: answer {a!r} is in none of the evidence paragraphs")
        lit = set(aa)
        for a in aa:
            for m in re.finditer(r"\d{1,3}(?:,\d{3})+", a):
                if a.replace(m.group(), m.group().replace(",", "")) not in lit:
                    warnings.append(f"{where}: answer {a!r} lacks its form without separators")
            for m in re.finditer(r"(?<![\d,.\-/])\d{4,}(?![\d,.\-/])", a):
                if not (len(m.group()) == 4 and 1900 <= int(m.group()) <= 2099) and \
                        a.replace(m.group(), f"{int(m.group()):,}") not in lit:
                    warnings.append(f"{where}: answer {a!r} lacks its form with separators")
        if all(loose_in(a, text) for a in aa):
            warnings.append(f"{where}: every answer string already stands in the question")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print(f"{os.path.basename(qpath)}: {n_ans + n_unans} questions, {n_ans} answerable, {n_unans} unanswerable; "
          f"{n_ev} evidence strings over {len(arts)} articles; {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
