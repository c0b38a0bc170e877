#!/usr/bin/env python3
"""Speaker errors of `whosaid extract` on a gold split, by kind.

usage: scripts/attribution-errors.py GOLD.jsonl ARTICLES_DIR WHOSAID_BINARY [--list]

Scores each matched quotation with a named gold speaker as
../shared/eval/score_quotes.py does, then sorts every miss into the kinds
of issue 14 by what the text around it shows. The sorting is a heuristic
(the first rule that fits wins), meant for reading errors by their kind,
not for a figure of record. --list prints each miss with its context.
"""
import importlib.util, json, os, re, subprocess, sys
from collections import Counter, defaultdict

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "sq", os.path.join(here, "..", "..", "shared", "eval", "score_quotes.py"))
sq = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sq)

PRONOUNS = {"he", "she", "they", "it", "we", "i"}
OUTLET = re.compile(r"\b(Times|Post|News|Journal|CNN|NBC|CBS|ABC|MSNBC|Fox|Reuters|AP|Politico|Courier|"
                    r"Tribune|Herald|Gazette|Telegraph|Guardian|Observer|Magazine|Radio|TV|Atlantic|Yahoo)\b")
DOCNOUN = re.compile(r"\b(statement|memo|report|document|complaint|letter|filing|brief|website|ad|release|"
                     r"poll|survey|study)\b", re.I)


def kind_of(gold, pred, mention, text, before):
    g = gold.strip()
    if re.match(r"^[A-Z][A-Z .'-]+:", text) or g.isupper():
        return "8 transcript layout"
    if pred and OUTLET.search(pred) and not OUTLET.search(g):
        return "5 venue taken for the speaker"
    if DOCNOUN.search(g):
        return "6 statements and organisations"
    if mention and mention.lower() in PRONOUNS:
        return "7 pronouns"
    if pred and (len(pred.split()) >= 3 and not any(w[:1].islower() for w in pred.split()[1:]) and pred.split()[0] not in ("Sen.", "Rep.", "Gov.")
                 or len(pred.split()) == 1 and pred[:1].isupper() and before.rstrip().endswith(pred) is False and pred.lower() in before.lower().split()):
        return "9 junk candidate"
    if re.match(r"^(the|a|an|one|his|her|their)\b", g, re.I) and not re.search(r",\s*[A-Z][a-z]+ [A-Z]", g):
        return "4 descriptor anaphora"
    if re.search(r",\s*(the |a |an )?[a-z].*$", g) or re.search(r"\(.*\)", g):
        return "1 apposition between name and cue"
    if re.search(r",\s*[A-Z][\w.'-]+( [A-Z][\w.'-]+)+,?$", g):
        return "2 descriptor first, name last"
    return "3 cue variants and the rest"


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    gold_path, art_dir, binary = sys.argv[1:4]
    listing = "--list" in sys.argv
    gold = defaultdict(list)
    for line in open(gold_path, encoding="utf-8"):
        if line.strip():
            g = json.loads(line)
            gold[g["doc"]].append(g)
    counts = Counter()
    totals = Counter()
    for name in sorted(gold):
        path = os.path.join(art_dir, name)
        doc = open(path, encoding="utf-8").read()
        docb = doc.encode("utf-8")
        targets = []
        for g in gold[name]:
            span = sq.locate(doc, g["text"], g.get("occurrence", 1))
            if span and g["kind"] in ("direct", "embedded"):
                targets.append((span, g))
        out = subprocess.run([binary, "extract", path], capture_output=True, text=True, timeout=60)
        preds = [(sq.pred_span(doc, docb, q)[0], q) for q in json.loads(out.stdout).get("quotes") or []]
        pairs = sorted(((sq.iou(ps, gs), i, j) for i, (ps, _) in enumerate(preds) if ps
                        for j, (gs, _) in enumerate(targets) if sq.iou(ps, gs) >= 0.5), reverse=True)
        used_p, used_g = set(), set()
        for _, i, j in pairs:
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            gs, g = targets[j]
            q = preds[i][1]
            if not g["speaker"]:
                continue
            ok = sq.speaker_ok(q.get("speaker"), g["speaker"], g.get("aliases"), g.get("type", "person"),
                               g.get("speaker_match", "name"))
            totals["named"] += 1
            if ok:
                totals["right"] += 1
                continue
            miss = "no speaker" if not q.get("speaker") else "wrong name"
            totals[miss] += 1
            k = kind_of(g["speaker"], q.get("speaker"), q.get("mention"), g["text"], doc[max(0, gs[0] - 300):gs[0]])
            counts[(k, miss)] += 1
            if listing:
                ctx = doc[max(0, gs[0] - 200):gs[1] + 120].replace("\n", " ¶ ")
                print(f"[{k} / {miss}] gold={g['speaker']!r} got={q.get('speaker')!r} mention={q.get('mention')!r}\n  {ctx}\n")
    kinds = sorted({k for k, _ in counts})
    print(f"{'kind':40} {'no speaker':>10} {'wrong name':>10}")
    for k in kinds:
        print(f"{k:40} {counts[(k, 'no speaker')]:10} {counts[(k, 'wrong name')]:10}")
    print(f"{'all':40} {totals['no speaker']:10} {totals['wrong name']:10}")
    print(f"speaker accuracy {totals['right']}/{totals['named']} = {totals['right'] / max(1, totals['named']):.3f}")


if __name__ == "__main__":
    main()
