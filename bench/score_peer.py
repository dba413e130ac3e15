#!/usr/bin/env python3
"""Python peer of `tilsyn score` for bench/run.sh: pandas load + predict + rank + write, whole process.

    python3 bench/score_peer.py --model MODEL.json --data REGISTER.csv --out SCORES.csv

Reads the register with pandas' C parser, encodes it with the model's own encoding (levels, references,
fills, clips, transforms and bins from model.json), computes log-odds with numpy (X @ beta on the dense
design), the probability, ranks by log-odds (descending, stable) and writes unit, probability, log_odds,
rank with pandas' to_csv. Prints the largest difference from a Tilsyn score file if --check is given.
"""

import argparse
import json

import numpy as np
import pandas as pd


def design(df, model):
    spec = {f["name"]: f for f in model["spec"]["features"]}
    n = len(df)
    columns = [np.ones(n)]
    for enc in model["encoding"]["features"]:
        f = spec[enc["feature"]]
        if f["type"] == "categorical":
            text = df[f["name"]].fillna("").astype(str).to_numpy()
            for level in enc["levels"]:
                columns.append((text == level).astype(float))
            if enc.get("missing_indicator"):
                columns.append((text == "").astype(float))
            continue
        x = df[f["name"]].to_numpy(dtype=float)
        missing = np.isnan(x)
        clip = f.get("clip")
        if f["type"] == "numeric":
            if clip:
                x = np.clip(x, clip[0], clip[1])
            transform = f.get("transform", "identity")
            if transform == "log1p":
                x = np.log1p(x)
            elif transform == "sqrt":
                x = np.sqrt(x)
            if enc.get("missing_indicator"):
                x = np.where(missing, enc["fill"], x)
            columns.append(x)
        else:
            if enc.get("missing_indicator"):
                x = np.where(missing, enc["fill"], x)
            if clip:
                x = np.clip(x, clip[0], clip[1])
            edges = np.asarray(f["edges"], dtype=float)
            bins = np.searchsorted(edges, x, side="right") - 1
            labels = [c.split("=", 1)[1] for c in enc["columns"] if "=" in c]
            all_labels = [f"[{_fmt(a)},{_fmt(b)})" for a, b in zip(edges[:-1], edges[1:])]
            for label in labels:
                columns.append((bins == all_labels.index(label)).astype(float))
        if enc.get("missing_indicator"):
            columns.append(missing.astype(float))
    return np.column_stack(columns)


def _fmt(v):
    return str(int(v)) if float(v).is_integer() and abs(v) < 1e15 else repr(float(v))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--check", help="a Tilsyn score CSV to compare log-odds with")
    args = ap.parse_args()
    with open(args.model, encoding="utf-8") as f:
        model = json.load(f)
    unit = model["spec"]["unit"]
    text = {unit: str}
    text.update({f["name"]: str for f in model["spec"]["features"] if f["type"] == "categorical"})
    df = pd.read_csv(args.data, dtype=text, keep_default_na=False, na_values=[""], encoding="utf-8")
    beta = np.array([c["estimate"] for c in model["coefficients"]])
    log_odds = design(df, model) @ beta
    probability = 1 / (1 + np.exp(-log_odds))
    order = np.argsort(-log_odds, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(1, len(order) + 1)
    out = pd.DataFrame({unit: df[unit].to_numpy()[order], "probability": probability[order],
                        "log_odds": log_odds[order], "rank": rank[order]})
    out.to_csv(args.out, index=False)
    if args.check:
        theirs = pd.read_csv(args.check, dtype={unit: str}).set_index(unit)["log_odds"]
        mine = pd.Series(log_odds, index=df[unit].to_numpy())
        print("max |log_odds difference| vs tilsyn:", float(np.max(np.abs(theirs.reindex(mine.index).to_numpy() - mine.to_numpy()))))


if __name__ == "__main__":
    main()
