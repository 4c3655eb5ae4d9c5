"""The partnership proposal generator on 400 schools against the greedy baseline, same run.

    .venv/bin/python bench/bench_formation.py [--schools 400] [--seeds 1 2 3]

Pure Python (no database): it builds a realistic random register for each seed — a county about
60 km by 50 km with 14 towns, three in four schools primary, the rest secondary, special,
nursery and all-through; GIAS-like grid references; one school in five (then one in ten, fewer
than there are partnerships) able to give support; a
quarter of primaries agreeing to a secondary lead; seven in ten pro-formas returned, each naming
up to three schools, mostly among its ten nearest and sometimes a farther partner (a trust or a
church link) — then times `formation.generate` and `formation.greedy_baseline` on it with
partnerships of 5 to 9 schools.

It prints, per seed and on average: seconds, share of stated preferences honoured, hard
constraint violations, mean distance to the partnership's centre, and the spread of schools
able to give support (fewest in a partnership, mean, share of partnerships with at least one,
and the best share possible: schools able to give support / partnerships, at most 100%).
Targets, checked on every seed: the generator takes under 10 s, honours a larger share of
preferences than the baseline, and breaks no hard constraint. Exit status 1 if one is missed.
"""

import argparse
import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from partnerships.formation import (  # noqa: E402 - after the path is set
    Candidate,
    Constraints,
    generate,
    greedy_baseline,
)

TIME_LIMIT_S = 10.0
CONSTRAINTS = Constraints(min_size=5, max_size=9)
PHASES = [("primary", 75), ("secondary", 14), ("special", 5), ("nursery", 3), ("all_through", 3)]


def register(n: int, seed: int, support_share: float) -> list[Candidate]:
    rng = random.Random(seed)
    towns = [(rng.uniform(380000, 440000), rng.uniform(120000, 170000), rng.uniform(1500, 5000))
             for _ in range(14)]
    weights = [rng.uniform(1, 6) for _ in towns]
    rows = []
    for i in range(n):
        x, y, spread = rng.choices(towns, weights)[0]
        phase = rng.choices([p for p, _ in PHASES], [w for _, w in PHASES])[0]
        rows.append({
            "key": 100000 + i, "name": f"School {i}", "phase": phase,
            "easting": round(x + rng.gauss(0, spread)), "northing": round(y + rng.gauss(0, spread)),
            "can_give_support": rng.random() < support_share,
            "accepts_secondary_lead": phase == "primary" and rng.random() < 0.25,
            "pupils": rng.randint(900, 1700) if phase in ("secondary", "all_through")
            else rng.randint(40, 630),
        })
    for row in rows:
        if rng.random() >= 0.7:
            row["preferred"] = frozenset()
            continue
        nearest = sorted(rows, key=lambda o: math.hypot(o["easting"] - row["easting"],
                                                        o["northing"] - row["northing"]))[1:11]
        named = set()
        for _ in range(rng.randint(1, 3)):
            pool = nearest if rng.random() < 0.8 else rows
            other = rng.choice(pool)
            if other is not row:
                named.add(other["key"])
        row["preferred"] = frozenset(named)
    return [Candidate(**row) for row in rows]


def run(algorithm, candidates: list[Candidate], seed: int) -> tuple[float, dict]:
    started = time.perf_counter()
    proposal = algorithm(candidates, CONSTRAINTS, seed=seed)
    return time.perf_counter() - started, proposal.metrics


COLUMNS = [
    ("seed", 5), ("method", 10), ("seconds", 8), ("prefs honoured", 15), ("violations", 10),
    ("mean km", 8), ("support min", 11), ("support mean", 12), ("with support", 12),
    ("best possible", 13),
]


def line(values: list[str]) -> str:
    return "  ".join(str(v).rjust(width) for v, (_, width) in zip(values, COLUMNS, strict=True))


def row(seed: str, method: str, seconds: float, m: dict) -> str:
    return line([seed, method, f"{seconds:.2f}",
                 f"{m['preferences_honoured']}/{m['preferences_stated']} "
                 f"{100 * m['preference_share']:.1f}%",
                 m["violations"], f"{m['mean_distance_km']:.2f}", m["support_min"],
                 f"{m['support_mean']:.2f}", f"{100 * m['share_with_support']:.0f}%",
                 f"{100 * m['best_possible_share_with_support']:.0f}%"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=400)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--support-shares", type=float, nargs="+", default=[0.2, 0.1],
                        help="share of schools able to give support, one table each")
    args = parser.parse_args()
    failures: list[str] = []
    for share in args.support_shares:
        print(f"\n{args.schools} schools, partnerships of {CONSTRAINTS.min_size} to "
              f"{CONSTRAINTS.max_size}, {100 * share:.0f}% able to give support; "
              f"Python {sys.version.split()[0]}")
        failures += table(args.schools, args.seeds, share)
    if failures:
        print("MISSED: " + "; ".join(failures))
        return 1
    print(f"OK: under {TIME_LIMIT_S:.0f} s, more preferences honoured than the greedy baseline, "
          "no hard-constraint violations.")
    return 0


def table(schools: int, seeds: list[int], share: float) -> list[str]:
    print(line([name for name, _ in COLUMNS]))
    failures = []
    totals: dict[str, list] = {"greedy": [], "generator": []}
    for seed in seeds:
        candidates = register(schools, seed, share)
        base_s, base = run(greedy_baseline, candidates, seed)
        ours_s, ours = run(generate, candidates, seed)
        totals["greedy"].append((base_s, base))
        totals["generator"].append((ours_s, ours))
        print(row(str(seed), "greedy", base_s, base))
        print(row(str(seed), "generator", ours_s, ours))
        if ours_s >= TIME_LIMIT_S:
            failures.append(f"seed {seed}: {ours_s:.1f} s (limit {TIME_LIMIT_S:.0f} s)")
        if ours["preference_share"] <= base["preference_share"]:
            failures.append(f"seed {seed}: preferences not better than the baseline")
        if ours["violations"]:
            failures.append(f"seed {seed}: {ours['violations']} hard-constraint violations")
    for method, results in totals.items():
        count = len(results)
        mean = {key: sum(m[key] for _, m in results) / count
                for key in ("preferences_honoured", "preferences_stated", "violations",
                            "mean_distance_km", "support_min", "support_mean",
                            "share_with_support", "best_possible_share_with_support")}
        mean["preference_share"] = mean["preferences_honoured"] / mean["preferences_stated"]
        mean["preferences_honoured"] = round(mean["preferences_honoured"])
        mean["preferences_stated"] = round(mean["preferences_stated"])
        mean["support_min"] = min(m["support_min"] for _, m in results)
        print(row("mean", method, sum(s for s, _ in results) / count, mean))
    return failures


if __name__ == "__main__":
    sys.exit(main())
