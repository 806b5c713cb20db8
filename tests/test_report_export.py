"""Acceptance checks of `elevsim report` and `elevsim export` on a run of six
scenarios: the report's key figures equal `elevsim summary`'s, the report is
self-contained and under 3 MB, numbers follow the language's conventions, and
the CSV export agrees with an independent computation from its own tidy table.

Usage: /usr/bin/python3 tests/test_report_export.py PATH/TO/elevsim
"""
import csv
import html
import os
import re
import subprocess
import sys
import tempfile

import h5py
import numpy as np

binary = sys.argv[1]
R, SCALE = 4, 0.02
NBSP = "\u00a0"


def sh(*args):
    return subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout


MONEY_UNITS = {"NOK": 1.0, "MNOK": 1e6, "bn NOK": 1e9}
MONEY = r"([+-]?[\d.,]+) (NOK|MNOK|bn NOK)"


def parse_summary(text):
    """{(scenario, line index): (value, lo, hi)} and the same for differences. Money is
    printed as money ("49.4 MNOK"): its figures come back as (digits, NOK per unit)."""
    levels, diffs, block, i = {}, {}, None, 0
    line_re = re.compile(r"^  (.+?)\s+([+-]?[\d.]+)(?:%|pp)? \[([+-]?[\d.]+), ([+-]?[\d.]+)\]$")
    money_re = re.compile(r"^  (.+?)\s+" + MONEY + r" \[" + MONEY + ", " + MONEY + r"\]$")
    for line in text.splitlines():
        m = re.match(r"^scenario (\S+) minus (\S+)", line)
        if m:
            block, i = diffs.setdefault(m.group(1), []), 0
            continue
        m = re.match(r"^scenario (\S+)  \(mean", line)
        if m:
            block = levels.setdefault(m.group(1), [])
            continue
        m = line_re.match(line)
        if m and block is not None:
            block.append(tuple(m.group(k) for k in (2, 3, 4)))
            continue
        m = money_re.match(line)
        if m and block is not None:
            block.append(tuple((m.group(k).replace(",", ""), MONEY_UNITS[m.group(k + 1)]) for k in (2, 4, 6)))
    return levels, diffs


def close_to_printed(value, printed):
    if isinstance(printed, tuple):  # money: digits in a unit of NOK
        digits, unit = printed
        return close_to_printed(value / unit, digits)
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return abs(value - float(printed)) <= 0.5 * 10 ** -decimals + 1e-9 * max(1, abs(value))


def report_rows(page):
    rows = []
    for m in re.finditer(r'<tr class="[^"]*" data-key="([^"]+)" data-scenario="([^"]+)"([^>]*)>(.*?)</tr>', page):
        attrs = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', m.group(3)))
        cells = re.findall(r'<td class="num"[^>]*>([^<]*)<span class="iv">([^<]*)</span>', m.group(4))
        rows.append((m.group(1), m.group(2), {k: float(v) for k, v in attrs.items()}, cells))
    return rows


def from_locale(text, lang):
    t = text.replace(NBSP, "").replace("\u2212", "-").replace("+", "")
    t = re.sub(r"[^\d,.\-]", "", t)
    return float(t.replace(",", ".")) if lang == "nb" else float(t.replace(",", ""))


with tempfile.TemporaryDirectory() as tmp:
    # six scenarios: the reference and five that shift onset or recovery
    files = ["scenarios/baseline.toml"]
    for k, (key, v) in enumerate([("onset_shift", -0.5), ("onset_shift", -0.7), ("remission_shift", 0.4),
                                  ("remission_shift", 0.6), ("worsening_shift", -0.6)]):
        path = os.path.join(tmp, f"variant{k + 1}.toml")
        with open(path, "w") as f:
            f.write(f'name = "variant{k + 1}"\ndescription = "Test variant: {key} = {v}."\n'
                    f"[run]\nstart_year = 2025\nyears = 10\n[params.mental_health]\n{key} = {v}  # test [A]\n")
        files.append(path)
    h5 = os.path.join(tmp, "run.h5")
    sh("--params", "params", "run", *files, "-r", str(R), "--scale", str(SCALE), "--seed", "23", "-q", "-o", h5)
    levels, diffs = parse_summary(sh("summary", h5))
    assert len(levels) == 6 and len(diffs) == 5, (levels.keys(), diffs.keys())

    for lang in ("nb", "en"):
        out = os.path.join(tmp, f"report-{lang}.html")
        sh("report", h5, "--lang", lang, "-o", out)
        size = os.path.getsize(out)
        assert size < 3 * 1024 * 1024, f"report is {size} bytes"
        page = open(out, encoding="utf-8").read()
        # self-contained: nothing is loaded from anywhere
        markup = re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", page, flags=re.S)
        assert not re.search(r"<(script|link|img|iframe|source|object|embed)\b[^>]*\b(src|href)\s*=", markup, re.I)
        assert len(re.findall(r"<script", markup)) == 6, "three libraries, two data blocks, one renderer"
        assert "Content-Security-Policy" in page and "default-src 'none'" in page

        comparison_only = ("cost_per_dropout_avoided", "net_benefit_per_year")
        all_rows = report_rows(page)
        # figures that exist only against the reference: as `elevsim compare` stores them
        with h5py.File(h5, "r") as f:
            for key, scenario, a, cells in all_rows:
                if key in comparison_only:
                    ds = f[f"comparisons/{scenario}/{key}"]
                    for col, attr in (("mean", "mean"), ("lo", "ci_low"), ("hi", "ci_high")):
                        want = float(ds.attrs[attr])
                        assert (np.isnan(want) and np.isnan(a.get(col, np.nan))) or abs(a.get(col, np.nan) - want) <= 1e-9 * max(1, abs(want)), \
                            (key, scenario, col, a, want)
        rows = [r for r in all_rows if r[0] not in comparison_only]
        keys = list(dict.fromkeys(r[0] for r in rows))
        assert len(keys) == len(levels["baseline"]), (keys, levels["baseline"])
        n_checked = 0
        for key, scenario, a, cells in rows:
            i = keys.index(key)
            mean, lo, hi = levels[scenario][i]
            assert close_to_printed(a["mean"], mean) and close_to_printed(a["lo"], lo) and \
                close_to_printed(a["hi"], hi), (lang, key, scenario, a, (mean, lo, hi))
            if scenario != "baseline":
                dm, dl, dh = diffs[scenario][i]
                assert close_to_printed(a["diff-mean"], dm) and close_to_printed(a["diff-lo"], dl) and \
                    close_to_printed(a["diff-hi"], dh), (lang, key, scenario, a, (dm, dl, dh))
            # the figure a reader sees is the same number, in the language's notation
            shown = html.unescape(cells[0][0])
            money = re.search(r"(mill\.|mrd\.)?" + NBSP + "?(kr|NOK|MNOK|bn NOK)$", shown)
            if money:  # money reads as money: "49,4 mill. kr", "49.4 MNOK", "0 kr"
                unit = {"mill.": 1e6, "mrd.": 1e9, "MNOK": 1e6, "bn NOK": 1e9}.get(money.group(1) or money.group(2), 1.0)
                number = shown[:money.start()].strip()
                sep = "," if lang == "nb" else "."
                d = len(number.split(sep)[-1]) if sep in number else 0
                assert abs(from_locale(number, lang) - round(a["mean"] / unit, d)) < 1e-9, (lang, shown, a)
                n_checked += 1
                continue
            # decimals after the language's decimal separator (the other one groups thousands)
            number = re.match(r"[\s\d,.\u2212+\-\u00a0\u202f]*", shown).group(0).strip()
            sep = "," if lang == "nb" else "."
            d = len(number.split(sep)[-1]) if sep in number else 0
            assert abs(from_locale(shown.split(" per")[0], lang) - round(a["mean"], d)) < 1e-9, (lang, shown, a)
            interval = html.unescape(cells[0][1])
            assert interval.startswith("mellom " if lang == "nb" else "between ") or \
                interval in ("lik i alle replikasjoner", "the same in every replication"), interval
            n_checked += 1
        assert n_checked == 6 * len(keys)
        if lang == "nb":
            assert re.search(r"\d" + NBSP + r"\d{3}</td>|\d" + NBSP + r"\d{3}<span", page), "no thousands space"
            assert re.search(r"\d,\d+" + NBSP + "%", page), "no decimal comma"
            assert "Nøkkeltall" in page and "Key figures" not in page
        else:
            assert re.search(r"\d,\d{3}<span", page) and re.search(r"\d\.\d+" + NBSP + "%", page)
            assert "Key figures" in page and "Nøkkeltall" not in page

    # export: tidy table and summary; the summary is recomputed from the tidy table
    out_dir = os.path.join(tmp, "csv")
    sh("export", h5, "--csv", out_dir)
    files = sorted(os.listdir(out_dir))
    # the core tidy table and the summaries, plus one tidy table per other set of dimensions
    assert {"summary.csv", "summary_by_year.csv", "tidy.csv"} <= set(files), files
    assert all(f in ("summary.csv", "summary_by_year.csv", "decision.csv", "decision_pairs.csv", "evppi.csv")
               or f.startswith("tidy") for f in files), files
    # decision uncertainty: one row per value of a completer and scenario; the
    # probabilities sum to 1 at every value, the EVPI is never negative
    with open(os.path.join(out_dir, "decision.csv"), newline="", encoding="utf-8") as f:
        decision = list(csv.DictReader(f))
    values = sorted({float(r["value_per_completer_nok"]) for r in decision})
    assert values[0] == 0 and values[-1] == 5e6 and 0.9e6 in values, values
    assert len(decision) == 6 * len(values), len(decision)
    assert [float(r["value_per_completer_nok"]) for r in decision if r["is_parameter_value"] == "1"] == [0.9e6] * 6
    for v in values:
        rows_v = [r for r in decision if float(r["value_per_completer_nok"]) == v]
        assert abs(sum(float(r["probability_highest_net_benefit"]) for r in rows_v) - 1) < 1e-12, rows_v
        assert float(rows_v[0]["evpi_nok_per_year"]) >= 0
    with h5py.File(h5, "r") as f:
        assert f["decision/ceac"].shape == (len(values), 6)
        assert np.allclose(f["decision/ceac"][:].sum(axis=1), 1, rtol=0, atol=1e-12)
        # the draws a run records, one row per replication, a named column per parameter
        names = list(f["psa/parameter"].asstr()[:])
        assert f["psa/draws"].shape == (R, len(names)) and "interventions.followup_los.leave_odds_ratio" in names, names
        groups = list(f["decision/group"].asstr()[:])
        assert f["decision/evppi_by_group"].shape == (len(values), len(groups))
    # EVPPI per group (evppi.csv): within [0, EVPI] at every value; pairs: each ordered pair once, p(a>b) + p(b>a) = 1
    with open(os.path.join(out_dir, "evppi.csv"), newline="", encoding="utf-8") as f:
        evppi = list(csv.DictReader(f))
    assert len(evppi) == len(groups) * len(values), len(evppi)
    for r in evppi:
        assert 0 <= float(r["evppi_nok_per_year"]) <= float(r["evpi_nok_per_year"]), r
        assert r["grade"] in ("F", "D", "A") and r["source"], r
    with open(os.path.join(out_dir, "decision_pairs.csv"), newline="", encoding="utf-8") as f:
        pairs = {(r["scenario"], r["versus"]): float(r["probability_beats"]) for r in csv.DictReader(f)}
    assert len(pairs) == 6 * 5, len(pairs)
    for (a, b), p in pairs.items():
        assert abs(p + pairs[(b, a)] - 1) < 1e-12, (a, b)
    with open(os.path.join(out_dir, "tidy.csv"), newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        assert header[:7] == ["scenario", "replication", "year", "county", "sex", "ses", "grade"], header
        assert {"mh_complaints", "mh_disorder", "mh_new_cases", "pupils"} <= set(header[7:]), header
        DIS, PUP = header.index("mh_disorder"), header.index("pupils")
        rows = list(reader)
    assert len(rows) == 6 * R * 10 * 15 * 2 * 3 * 13, len(rows)
    assert {r[3] for r in rows} >= {"Oslo", "Trøndelag"} and {r[5] for r in rows} == {"low", "middle", "high"}
    sums = {}
    for r in rows:
        if r[2] == "2025":
            acc = sums.setdefault((r[0], int(r[1])), [0.0, 0.0])
            acc[0] += float(r[DIS])
            acc[1] += float(r[PUP])
    with open(os.path.join(out_dir, "summary.csv"), newline="", encoding="utf-8") as f:
        summary = list(csv.DictReader(f))
    # key figures (levels of 6 scenarios, plus 2 comparison-only figures of the 5 others) and 2 more per scenario
    assert len(summary) == 6 * len(keys) + 5 * 2 + 6 * 2, len(summary)
    for s in summary:
        if s["indicator"] != "prev_disorder_first_year":
            continue
        prev = np.array([100 * sums[(s["scenario"], r)][0] / sums[(s["scenario"], r)][1] for r in range(R)])
        for col, want in (("mean", prev.mean()), ("p2_5", np.percentile(prev, 2.5)), ("p97_5", np.percentile(prev, 97.5))):
            assert abs(float(s[col]) - want) < 1e-9 * abs(want), (s, col, want)
        if s["scenario"] != "baseline":
            base = np.array([100 * sums[("baseline", r)][0] / sums[("baseline", r)][1] for r in range(R)])
            assert abs(float(s["diff_mean"]) - (prev - base).mean()) < 1e-9, s
        else:
            assert s["diff_mean"] == "", s
    with open(os.path.join(out_dir, "summary_by_year.csv"), newline="", encoding="utf-8") as f:
        by_year = list(csv.DictReader(f))
    core_series = {"prev_any", "prev_disorder", "ses_gap_any"}
    assert core_series <= {r["series"] for r in by_year}, {r["series"] for r in by_year}
    assert len([r for r in by_year if r["series"] in core_series]) == 3 * 6 * 10

    # datasets of later modules are picked up as they appear (made-up data)
    fake = os.path.join(tmp, "fake.h5")
    subprocess.run(["/usr/bin/python3", "tests/fake_services.py", h5, fake], check=True)
    fake_html = os.path.join(tmp, "fake.html")
    sh("report", fake, "--lang", "en", "-o", fake_html)
    page = open(fake_html, encoding="utf-8").read()
    assert 'data-chart="dataset:treated"' in page and 'data-chart="dataset:dropouts"' in page
    assert "Pupils who receive help, by service" in page
    assert 'data-chart="dataset:mean_wait_weeks"' in page, "a mean with its weights is charted"
    assert 'data-chart="dataset:occupancy"' not in page, "a mean without weights does not add up over groups"
    assert "holds no results for dropout" not in page
    fake_dir = os.path.join(tmp, "fake_csv")
    sh("export", fake, "--csv", fake_dir)
    assert "tidy_county_service.csv" in os.listdir(fake_dir) and "tidy_county_sex_ses.csv" in os.listdir(fake_dir)
    with open(os.path.join(fake_dir, "tidy_county_service.csv"), encoding="utf-8") as f:
        head = f.readline().strip().split(",")
        n = sum(1 for _ in f)
    assert head[:5] == ["scenario", "replication", "year", "county", "service"], head
    assert sorted(head[5:]) == ["mean_wait_weeks", "occupancy", "treated"] and n == 6 * R * 10 * 15 * 3, (head, n)
    # the weighted mean wait per year and service, recomputed from the tidy table
    import h5py
    with h5py.File(fake, "r") as f:
        g = f["scenarios/baseline"]
        wait, treated = g["mean_wait_weeks"][:], g["treated"][:]
    want = (wait * treated).sum(axis=2) / treated.sum(axis=2)  # (replication, year, service)
    with open(os.path.join(fake_dir, "summary_by_year.csv"), encoding="utf-8") as f:
        got = [r for r in csv.DictReader(f) if r["series"] == "dataset:mean_wait_weeks" and r["scenario"] == "baseline"
               and r["group"] == "bup" and r["year"] == "2025"]
    assert len(got) == 1 and abs(float(got[0]["mean"]) - want[:, 0, 2].mean()) < 1e-9, (got, want[:, 0, 2])

    # bad input: one line naming the problem
    p = subprocess.run([binary, "report", os.path.join(tmp, "missing.h5")], capture_output=True, text=True)
    assert p.returncode != 0 and "missing.h5" in p.stderr and len(p.stderr.strip().splitlines()) == 1, p.stderr
    p = subprocess.run([binary, "report", h5, "--lang", "de"], capture_output=True, text=True)
    assert p.returncode != 0 and "de" in p.stderr, p.stderr
print("report key figures equal the summary's, report self-contained and small, export agrees: ok")
