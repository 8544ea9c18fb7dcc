# shellcheck shell=bash
# Put a Node.js >= 22.13 first on PATH (Hardhat 3 needs it).
#
#   source scripts/use-node.sh
#
# If the `node` on PATH is missing or older than 22.13, installs the npm package
# node-<os>-<arch>@22.23.5 (a prebuilt Node binary) into .tools/node22 with the system
# npm (skipped when already there), then prepends its bin directory to PATH. Since
# npm's launcher runs `env node`, npm and npx then run under Node 22 too.
# Idempotent and quick on repeat; safe to source from bash or zsh, and from .ci/run.

_cairn_use_node() {
  local want_major=22 want_minor=13 pin=22.23.5
  local root script
  if [ -n "${BASH_SOURCE[0]:-}" ]; then
    script="${BASH_SOURCE[0]}"
  elif [ -n "${ZSH_VERSION:-}" ]; then
    # shellcheck disable=SC2296
    script="${(%):-%x}"
  else
    script="scripts/use-node.sh"
  fi
  root="$(cd "$(dirname "$script")/.." && pwd)" || return 1

  # Prints the version of the given node binary (e.g. 22.23.5), or nothing.
  _cairn_node_version() { "$1" -p 'process.versions.node' 2>/dev/null || true; }
  # Succeeds when version $1 is at least want_major.want_minor.
  _cairn_node_ok() {
    local major minor
    major="${1%%.*}"
    minor="${1#*.}"
    minor="${minor%%.*}"
    [ -n "$major" ] && [ "$major" -eq "$major" ] 2>/dev/null || return 1
    [ "$major" -gt "$want_major" ] || { [ "$major" -eq "$want_major" ] && [ "$minor" -ge "$want_minor" ]; }
  }

  local current="" current_path=""
  current_path="$(command -v node 2>/dev/null || true)"
  [ -n "$current_path" ] && current="$(_cairn_node_version "$current_path")"
  if [ -n "$current" ] && _cairn_node_ok "$current"; then
    echo "use-node: using node v$current ($current_path)"
    return 0
  fi

  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *)
      echo "use-node: error: no prebuilt Node package for $(uname -s); install Node >= $want_major.$want_minor yourself" >&2
      return 1
      ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *)
      echo "use-node: error: no prebuilt Node package for $(uname -m); install Node >= $want_major.$want_minor yourself" >&2
      return 1
      ;;
  esac

  local why="node not found"
  [ -n "$current" ] && why="node v$current ($current_path) is too old"
  local pkg="node-$os-$arch"
  local prefix="$root/.tools/node22"
  local bin="$prefix/node_modules/$pkg/bin"
  local have=""
  [ -x "$bin/node" ] && have="$(_cairn_node_version "$bin/node")"
  if [ "$have" != "$pin" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "use-node: error: $why (need >= $want_major.$want_minor), and there is no npm to fetch $pkg@$pin." >&2
      echo "use-node: install Node >= $want_major.$want_minor (any way you like), or npm, then source this again." >&2
      return 1
    fi
    echo "use-node: $why (need >= $want_major.$want_minor); installing $pkg@$pin into .tools/node22 ..."
    # --engine-strict=false: the repo's .npmrc sets engine-strict, which must not stop the
    # old node from fetching the new one. --ignore-scripts: the package is a plain binary.
    if ! npm install --prefix "$prefix" "$pkg@$pin" --no-save --no-package-lock --no-audit --no-fund \
      --ignore-scripts --engine-strict=false --loglevel=error >&2; then
      echo "use-node: error: 'npm install $pkg@$pin' failed (is the npm registry reachable?)" >&2
      return 1
    fi
    have="$(_cairn_node_version "$bin/node")"
    if [ "$have" != "$pin" ]; then
      echo "use-node: error: $bin/node does not run (got '${have}', expected $pin)" >&2
      return 1
    fi
  fi

  case "$PATH:" in
    "$bin:"*) ;; # already first: sourcing again changes nothing
    *) export PATH="$bin:$PATH" ;;
  esac
  hash -r 2>/dev/null || true
  echo "use-node: using node v$have ($bin/node)${current:+ instead of v$current ($current_path)}"
}

if (return 0 2>/dev/null); then
  if _cairn_use_node; then
    unset -f _cairn_use_node _cairn_node_version _cairn_node_ok
  else
    unset -f _cairn_use_node _cairn_node_version _cairn_node_ok
    return 1
  fi
else
  echo "use-node: this script changes PATH, so source it: source scripts/use-node.sh" >&2
  _cairn_use_node || exit 1
  exit 0
fi
