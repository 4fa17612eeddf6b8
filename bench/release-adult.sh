#!/usr/bin/env bash
# obscura release on UCI Adult (ARX's copy in ../shared/datasets/adult, 30,162 rows), the eight usual quasi-identifiers
# (age numeric, the other seven with ARX's hierarchies), at most 1% suppressed, from SQLite:
#   (a) k = 10                                   (bar: NCP <= 23.8%)
#   (b) k = 5 and distinct 2-diversity on salary-class   (bar: NCP <= 28.2%)
# and, for comparison, (c) and (d): the same with --method full-domain.
# Prints NCP, suppressed rows, classes and seconds (whole command, and the search alone) per run. Times are indicative:
# run on a quiet machine. Usage: bench/release-adult.sh   (no servers needed)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${OBSCURA_ADULT:-../shared/datasets/adult}
[ -f "$DATA/adult.csv" ] || DATA=/work/shared/datasets/adult
OUT=$(mktemp -d /tmp/obscura-release-bench.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
# shellcheck source=lib.sh
source bench/lib.sh
bench_build

# The CSV is read where it lies (';' separated, header row), never copied into the repository.
sqlite3 "$OUT/adult.db" 'CREATE TABLE adult ("sex" TEXT NOT NULL, "age" INTEGER NOT NULL, "race" TEXT NOT NULL,
  "marital-status" TEXT NOT NULL, "education" TEXT NOT NULL, "native-country" TEXT NOT NULL, "workclass" TEXT NOT NULL,
  "occupation" TEXT NOT NULL, "salary-class" TEXT NOT NULL)'
sqlite3 -cmd ".mode csv" -cmd ".separator ;" "$OUT/adult.db" ".import --skip 1 $DATA/adult.csv adult"
echo "loaded $(sqlite3 "$OUT/adult.db" 'SELECT count(*) FROM adult') rows" >&2

QI=sex,age,race,marital-status,education,native-country,workclass,occupation
run() { # name, extra arguments...
  local t0 t1
  t0=$(now)
  $OBSCURA release --source "sqlite:$OUT/adult.db" --table adult --qi "$QI" --hierarchies "$DATA/hierarchies" \
    --suppression 1% --out "$OUT/$1.csv" --report "$OUT/$1.json" "${@:2}" >/dev/null 2>"$OUT/$1.log"
  t1=$(now)
  jq -r --arg name "$1" --arg secs "$(secs "$t0" "$t1")" \
    '[$name, (.ncp * 100 | tostring | .[0:6]) + "%", .suppressed, .classes, .class_sizes.smallest, .search_seconds, ($secs | .[0:6])] | @tsv' "$OUT/$1.json"
}

printf 'run\tncp\tsuppressed\tclasses\tsmallest\tsearch_s\ttotal_s\n'
run k10-mondrian --k 10
run k5-l2-mondrian --k 5 --sensitive salary-class --l 2
run k10-full-domain --k 10 --method full-domain
run k5-l2-full-domain --k 5 --sensitive salary-class --l 2 --method full-domain
