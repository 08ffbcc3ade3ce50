#!/usr/bin/env python3
"""5-fold cross-validation of the entity model on CoNLL eng.train (the protocol of MODEL_CARD.md).

Folds are by document: document i of eng.train (0-based, in file order) is held out in fold i % 5. For each fold
and seed, `wiretag train` learns on the other four folds (printing the model-alone F1 on the held-out fold after
every epoch), then `wiretag eval conll --entity-tagger model` scores the whole tagger on the held-out fold with
that model, using a copy of the config dir whose models/ner-en.bin is the fold model.

Prints per fold and seed the whole-tagger F1 at --epochs, then the means per type, and the model-alone F1 by
epoch averaged over folds and seeds (when --epochs-curve is given, the model is trained that many epochs with
--dev for the curve, and retrained at --epochs for the whole-tagger score).

With --reuse-models, each fold and seed's model is kept in WORK/models/f<fold>-s<seed>-e<epochs>.bin and, when that
file exists, used again instead of training: corrections after the model (pipeline/taggers/entity_corrections.h) and
lists the model does not read (config/gazetteers/overrides/) are scored on the same fold models in seconds. The
models must have been trained by the same train options and the same feature lists; the script cannot tell.
--errors DIR writes each held-out fold's missed and spurious entities (`wiretag eval conll --errors`) there.

usage: cross_validate.py ENG_TRAIN [--wiretag build/wiretag] [--config-dir config] [--work DIR]
                         [--epochs 13] [--seeds 1] [--epochs-curve N] [--reuse-models] [--errors DIR]
                         [-- extra train options, e.g. --clusters none]
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys


def split_folds(eng_train, work):
    docs, cur = [], []
    with open(eng_train, encoding="utf-8") as f:
        for line in f:
            if line.startswith("-DOCSTART-"):
                if cur:
                    docs.append(cur)
                cur = [line]
            else:
                cur.append(line)
    if cur:
        docs.append(cur)
    for k in range(5):
        with open(f"{work}/f{k}.train", "w", encoding="utf-8") as tr, open(f"{work}/f{k}.dev", "w", encoding="utf-8") as dv:
            for i, d in enumerate(docs):
                (dv if i % 5 == k else tr).writelines(d)
    return len(docs)


def fold_config(config_dir, work, k, seed):
    """A config dir that is the given one with the fold's model."""
    cfg = f"{work}/cfg{k}-s{seed}"
    os.makedirs(f"{cfg}/models", exist_ok=True)
    for name in os.listdir(config_dir):
        if name == "models":
            continue
        link, target = f"{cfg}/{name}", os.path.abspath(f"{config_dir}/{name}")
        if os.path.islink(link) and os.readlink(link) != target:  # an earlier run's config dir
            os.remove(link)
        if not os.path.lexists(link):
            os.symlink(target, link)
    return cfg


SCORE = re.compile(r"^(LOC|MISC|ORG|PER|overall)\s+\d+\s+\d+\s+\d+\s+[0-9.]+\s+[0-9.]+\s+([0-9.]+)", re.M)


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[: argv.index("--")]
    ap = argparse.ArgumentParser()
    ap.add_argument("eng_train")
    ap.add_argument("--wiretag", default="build/wiretag")
    ap.add_argument("--config-dir", default="config")
    ap.add_argument("--work", default="/tmp/wiretag-cv")
    ap.add_argument("--epochs", type=int, default=13)
    ap.add_argument("--seeds", default="1")
    ap.add_argument("--epochs-curve", type=int, default=0)
    ap.add_argument("--reuse-models", action="store_true")
    ap.add_argument("--errors", default="")
    a = ap.parse_args(argv)
    os.makedirs(a.work, exist_ok=True)
    os.makedirs(f"{a.work}/models", exist_ok=True)
    if a.errors:
        os.makedirs(a.errors, exist_ok=True)
    split_folds(a.eng_train, a.work)
    seeds = [int(s) for s in a.seeds.split(",")]
    whole, curve = [], {}
    for k in range(5):
        for seed in seeds:
            cfg = fold_config(a.config_dir, a.work, k, seed)
            model = f"{cfg}/models/ner-en.bin"
            kept = os.path.abspath(f"{a.work}/models/f{k}-s{seed}-e{a.epochs}.bin")
            base = [a.wiretag, "train", "--train", f"{a.work}/f{k}.train", "--out", model,
                    "--gazetteers", f"{a.config_dir}/gazetteers", "--seed", str(seed)] + extra
            if os.path.islink(model):  # a kept model of an earlier --reuse-models run: train anew beside it
                os.remove(model)
            if a.epochs_curve:
                out = subprocess.run(base + ["--dev", f"{a.work}/f{k}.dev", "--epochs", str(a.epochs_curve)],
                                     capture_output=True, text=True, check=True).stdout
                for m in re.finditer(r"epoch\s+(\d+).*F1 ([0-9.]+)", out):
                    curve.setdefault(int(m.group(1)), []).append(float(m.group(2)))
            if not (a.reuse_models and os.path.exists(kept)):
                subprocess.run(base + ["--epochs", str(a.epochs)], capture_output=True, text=True, check=True)
                shutil.copyfile(model, kept)
            elif not (os.path.exists(model) and os.path.samefile(model, kept)):
                if os.path.lexists(model):
                    os.remove(model)
                os.symlink(kept, model)
            errors = ["--errors", f"{a.errors}/f{k}-s{seed}.txt"] if a.errors else []
            out = subprocess.run([a.wiretag, "eval", "conll", f"{a.work}/f{k}.dev", "--config-dir", cfg,
                                  "--entity-tagger", "model", "--log-level", "warn"] + errors,
                                 capture_output=True, text=True, check=True).stdout
            scores = {m.group(1): float(m.group(2)) for m in SCORE.finditer(out)}
            whole.append(scores)
            print(f"fold {k} seed {seed}: " + " ".join(f"{t} {scores[t]:.4f}" for t in ("overall", "PER", "ORG", "LOC", "MISC")),
                  flush=True)
    print("whole tagger, mean: " + " ".join(f"{t} {statistics.mean(s[t] for s in whole):.4f}"
                                           for t in ("overall", "PER", "ORG", "LOC", "MISC")))
    if curve:
        means = {e: statistics.mean(v) for e, v in curve.items()}
        best = max(means, key=means.get)
        print(f"model alone: best epoch {best} mean F1 {means[best]:.4f}")
        print("  by epoch: " + " ".join(f"{e}:{means[e]:.4f}" for e in sorted(means)))


if __name__ == "__main__":
    main()
