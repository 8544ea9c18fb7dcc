#!/usr/bin/env bash
# `npm test`: every suite of the repository.
#
# The Solidity tests run first: they build the contracts the other suites load. Then the Hardhat node:test suites
# (contracts on the in-process EDR chain, CPU-bound) and the packages' suites (the SDK, CLI, relayer, indexer and web
# app against real chains, IPFS nodes, PostgreSQL and Chromium, mostly waiting on them) run side by side: on two
# cores that takes about the time of the longer one instead of the sum. Each line is prefixed with its suite; a
# summary with each suite's time and result closes the run, and the exit code is non-zero if any suite failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

start=$SECONDS
npx hardhat test solidity
solidity_rc=$?
solidity_s=$((SECONDS - start))
if [ "$solidity_rc" -ne 0 ]; then
  echo "test: the Solidity suite failed (exit $solidity_rc); the other suites did not run" >&2
  exit "$solidity_rc"
fi

dir="$(mktemp -d)"
run() { # name, command...: runs the command with its output prefixed, records its exit code and seconds
  local name="$1"
  shift
  local began=$SECONDS
  ("$@" 2>&1 | sed -u "s/^/[$name] /"; exit "${PIPESTATUS[0]}") </dev/null
  echo "$? $((SECONDS - began))" >"$dir/$name"
}

run hardhat npx hardhat test nodejs --no-compile &
hardhat_pid=$!
run packages node --import tsx --test 'packages/*/test/**/*.test.ts' &
packages_pid=$!
wait "$hardhat_pid" "$packages_pid"

rc=0
printf '\n==> test summary\n  %-10s exit %-3s %5ss\n' solidity 0 "$solidity_s"
for name in hardhat packages; do
  read -r code took <"$dir/$name" || { code=1 took=?; }
  printf '  %-10s exit %-3s %5ss\n' "$name" "$code" "$took"
  [ "$code" -eq 0 ] || rc=1
done
printf '  %-10s %14ss\n' total "$((SECONDS - start))"
rm -rf "$dir"
exit "$rc"
