"""Independent reference implementation of Tilsyn's encoding rules (shared-notes/ENCODING.md).

    names, X, state = design(df, spec)                  # training: resolves fills, levels, references
    names, X, _     = design(df2, spec, train_state=state)  # scoring: reuses the training state

`df` is a pandas DataFrame. Cells may be strings (as from `read_csv` below: every cell a str, "" =
missing) or already-parsed numbers (NaN = missing) for numeric/binned features; categorical columns must
hold strings (the level is the cell text, e.g. "3", never "3.0").

The Swift encoder is checked against this file, so it follows ENCODING.md literally and stays small.
Readings of points ENCODING.md leaves open are marked "Reading:".
"""

import math

import numpy as np
import pandas as pd

INTERCEPT = "(intercept)"


class EncodingError(ValueError):
    """Bad data or spec: the message names the column (and the 1-based data row where there is one)."""


# ----------------------------------------------------------------------------------------------- input

def read_csv(path):
    """Every cell as text; only an empty cell is missing (no "NA"/"null" magic)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")


def _missing_mask(col):
    if col.dtype == object or pd.api.types.is_string_dtype(col):
        return col.isna().to_numpy() | (col.fillna("").astype(str).to_numpy() == "")
    return col.isna().to_numpy()


def _numbers(col, name):
    """Float values of a numeric column and its missing mask (missing entries are NaN)."""
    miss = _missing_mask(col)
    if col.dtype == object or pd.api.types.is_string_dtype(col):
        text = col.where(~miss, None)
        try:
            values = pd.to_numeric(text, errors="raise").to_numpy(dtype=float)
        except (ValueError, TypeError) as exc:
            raise EncodingError(f"column {name!r}: {exc}") from None
    else:
        values = col.to_numpy(dtype=float)
    bad = ~miss & ~np.isfinite(values)
    if bad.any():
        raise EncodingError(f"column {name!r}, row {int(np.argmax(bad)) + 1}: not a finite number")
    return values, miss


def label(df, spec):
    """The 0/1 label as float64. Reading: a cell is valid if it parses as the number 0 or 1."""
    name = spec["label"]
    y, miss = _numbers(df[name], name)
    if miss.any():
        raise EncodingError(f"column {name!r}, row {int(np.argmax(miss)) + 1}: missing label")
    bad = (y != 0) & (y != 1)
    if bad.any():
        raise EncodingError(f"column {name!r}, row {int(np.argmax(bad)) + 1}: label must be 0 or 1")
    return y.astype(float)


# ---------------------------------------------------------------------------------------- formatting

def format_number(x):
    """Integral values without a decimal point ("10", "-5"); otherwise Python's shortest repr ("2.5")."""
    x = float(x)
    if x.is_integer():
        return str(int(x))
    return repr(x)


def bin_labels(edges):
    return [f"[{format_number(lo)},{format_number(hi)})" for lo, hi in zip(edges[:-1], edges[1:])]


def byte_order(levels):
    return sorted(levels, key=lambda s: s.encode("utf-8"))


# -------------------------------------------------------------------------------------------- pieces

def _transform(feature, v):
    kind = feature.get("transform", "identity")
    with np.errstate(invalid="ignore", divide="ignore"):
        if kind == "identity":
            return v
        if kind == "log1p":
            return np.log1p(v)
        if kind == "sqrt":
            return np.sqrt(v)
    raise EncodingError(f"feature {feature['name']!r}: unknown transform {kind!r}")


def _clip(feature, v):
    if "clip" in feature:
        lo, hi = feature["clip"]
        return np.minimum(np.maximum(v, float(lo)), float(hi))
    return v


def _mean(values):
    # Correctly rounded sum, then one division: the least implementation-dependent mean.
    return math.fsum(values.tolist()) / len(values)


def _median(values):
    s = np.sort(values)
    n = len(s)
    if n % 2 == 1:
        return float(s[n // 2])
    return float((s[n // 2 - 1] + s[n // 2]) / 2)


def _statistic(feature, values, what):
    if len(values) == 0:
        raise EncodingError(f"feature {feature['name']!r}: no non-missing training values to take the {what} of")
    return _mean(values) if what == "mean" else _median(values)


def _check_missing(feature, miss):
    if miss.any() and feature.get("missing", "error") != "indicator":
        raise EncodingError(f"column {feature['name']!r}, row {int(np.argmax(miss)) + 1}: missing value")


def _numeric(feature, col, state):
    name = feature["name"]
    raw, miss = _numbers(col, name)
    _check_missing(feature, miss)
    v = _transform(feature, _clip(feature, raw))
    bad = ~miss & ~np.isfinite(v)
    if bad.any():
        raise EncodingError(f"column {name!r}, row {int(np.argmax(bad)) + 1}: "
                            f"{feature.get('transform')} of {raw[bad][0]!r} is not a finite number")
    cols = {name: v}
    if feature.get("missing", "error") == "indicator":
        if "fill" not in state:
            fill = feature.get("fill", 0)
            if isinstance(fill, str):
                state["fill"] = _statistic(feature, v[~miss], fill)  # of transformed values
            else:
                state["fill"] = float(_transform(feature, _clip(feature, np.array([float(fill)])))[0])
        cols[name] = np.where(miss, state["fill"], v)
        cols[name + ":missing"] = miss.astype(float)
    return cols


def _categorical(feature, col, state):
    name = feature["name"]
    if not (col.dtype == object or pd.api.types.is_string_dtype(col)):
        raise EncodingError(f"column {name!r}: a categorical column must be read as text")
    # Work on the distinct cell texts (factorize), then map rows through them: same result as comparing
    # every cell, much faster at a million rows.
    codes, uniques = pd.factorize(col, use_na_sentinel=True)  # NaN -> -1
    uniques = [str(u) for u in uniques]
    missing_codes = [i for i, u in enumerate(uniques) if u == ""]
    miss = (codes < 0) | np.isin(codes, missing_codes)
    _check_missing(feature, miss)
    if "levels" not in state:  # training
        counts = np.bincount(codes[~miss], minlength=len(uniques))
        seen = {u: int(c) for u, c in zip(uniques, counts) if c > 0}
        if not seen:
            raise EncodingError(f"column {name!r}: no non-missing training values")
        levels = byte_order(seen)
        if "reference" in feature:
            reference = str(feature["reference"])
            # Reading: a reference level never seen in training is a spec error.
            if reference not in seen:
                raise EncodingError(f"feature {name!r}: reference level {reference!r} does not occur in training")
        else:  # most frequent; ties -> smallest in byte order
            top = max(seen.values())
            reference = byte_order([lv for lv, c in seen.items() if c == top])[0]
        state["levels"] = levels
        state["reference"] = reference
    levels, reference = state["levels"], state["reference"]
    index = {lv: i for i, lv in enumerate(levels)}
    level_of_unique = np.array([index.get(u, -1) for u in uniques] + [-1], dtype=np.int64)
    level = np.where(miss, -1, level_of_unique[codes])  # codes == -1 picks the trailing -1
    unseen = ~miss & (level < 0)
    if unseen.any() and feature.get("unseen", "error") != "reference":
        i = int(np.argmax(unseen))
        raise EncodingError(f"column {name!r}, row {i + 1}: level {uniques[codes[i]]!r} was not seen in training")
    cols = {}
    for i, lv in enumerate(levels):
        if lv != reference:
            cols[f"{name}={lv}"] = (level == i).astype(float)  # missing/unseen rows: all zeros
    if feature.get("missing", "error") == "indicator":
        cols[name + ":missing"] = miss.astype(float)
    return cols


def _binned(feature, col, state):
    name = feature["name"]
    # Reading: ENCODING.md defines clip/transform for numeric features only; bins apply to raw values.
    if "clip" in feature or feature.get("transform", "identity") != "identity":
        raise EncodingError(f"feature {name!r}: clip/transform are not defined for binned features")
    edges = [float(e) for e in feature["edges"]]
    if len(edges) < 2 or any(a >= b for a, b in zip(edges[:-1], edges[1:])):
        raise EncodingError(f"feature {name!r}: edges must be strictly increasing, at least two")
    labels = bin_labels(edges)
    reference = feature.get("reference", labels[0])
    if reference not in labels:
        raise EncodingError(f"feature {name!r}: reference {reference!r} is not one of the bins {labels}")
    raw, miss = _numbers(col, name)
    _check_missing(feature, miss)
    indicator = feature.get("missing", "error") == "indicator"
    if indicator:
        if "fill" not in state:
            fill = feature.get("fill", 0)
            state["fill"] = _statistic(feature, raw[~miss], fill) if isinstance(fill, str) else float(fill)
        raw = np.where(miss, state["fill"], raw)
    out = (raw < edges[0]) | (raw >= edges[-1])
    if out.any():
        i = int(np.argmax(out))
        raise EncodingError(f"column {name!r}, row {i + 1}: {raw[i]!r} is outside "
                            f"[{format_number(edges[0])},{format_number(edges[-1])})")
    which = np.searchsorted(np.array(edges), raw, side="right") - 1  # e_i <= x < e_{i+1}
    cols = {}
    for i, lab in enumerate(labels):
        if lab != reference:
            cols[f"{name}={lab}"] = (which == i).astype(float)
    if indicator:
        cols[name + ":missing"] = miss.astype(float)
    return cols


_KINDS = {"numeric": _numeric, "categorical": _categorical, "binned": _binned}


# ---------------------------------------------------------------------------------------------- design

def design(df, spec, train_state=None):
    """Design matrix per ENCODING.md.

    Returns (names, X, state): column names in order, X as float64 (rows x columns), and the training state
    {feature name: {"fill"?, "levels"?, "reference"?}}. Pass `train_state` to encode scoring data with the
    fills, levels and references resolved on training data.
    """
    training = train_state is None
    state = {} if training else {k: dict(v) for k, v in train_state.items()}
    n = len(df)
    columns = {INTERCEPT: np.ones(n)}
    for feature in spec["features"]:
        name = feature["name"]
        if name not in df.columns:
            raise EncodingError(f"feature {name!r}: no such column in the data")
        kind = feature.get("type")
        if kind not in _KINDS:
            raise EncodingError(f"feature {name!r}: unknown type {kind!r}")
        fstate = state.setdefault(name, {})
        for cname, values in _KINDS[kind](feature, df[name], fstate).items():
            if cname in columns:
                raise EncodingError(f"design column {cname!r} appears twice")
            columns[cname] = values
    names = list(columns)
    X = np.empty((n, len(names)), dtype=float, order="F")  # column writes stay contiguous
    for j, cname in enumerate(names):
        X[:, j] = columns[cname]
    return names, X, state


def column_means(names, X):
    """Training mean of every design column (the explanation baseline), fsum-exact then divided."""
    return {cname: _mean(X[:, j]) for j, cname in enumerate(names)}
