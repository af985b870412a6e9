#!/usr/bin/env bash
# Prepares a machine for the test suite, then runs the command it is given (the root `test`
# script passes turbo's command line).
#
# The WebGPU tests need a Vulkan driver for Dawn (Mesa's lavapipe 25.x on a machine without a
# GPU) and the browser test needs Debian's Chromium at /usr/bin/chromium. Run as root on
# Debian, this installs whichever is missing; anywhere else it says what is missing and what to
# run, and passes that message to the tests, which skip with it (X_REQUIRE_WEBGPU=1 and
# X_REQUIRE_BROWSER=1 turn those skips into failures). Nothing is done when both are present.
#
# Usage: scripts/setup-test-env.sh [--dry-run] [command args...]
#   --dry-run  print the install commands instead of running them (they are still checked)
set -euo pipefail

dry_run=0
if [ "${1:-}" = "--dry-run" ]; then
  dry_run=1
  shift
fi

CHROMIUM=/usr/bin/chromium
LAVAPIPE_ICD=/usr/share/vulkan/icd.d/lvp_icd.json
# Dawn needs a Vulkan feature that Mesa's lavapipe gained in 25.x (bookworm itself has 22.x).
MIN_MESA=25
OS_RELEASE=/etc/os-release
DEBIAN_SOURCES=/etc/apt/sources.list.d/debian.sources
BACKPORTS_SOURCES=/etc/apt/sources.list.d/backports.sources

say() { echo "[setup-test-env] $*" >&2; }

has_lavapipe() {
  [ -f "$LAVAPIPE_ICD" ] || return 1
  # Where dpkg knows the package, an older Mesa does not count (Dawn refuses it).
  if command -v dpkg-query >/dev/null; then
    local version
    version="$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)"
    if [ -n "$version" ] && dpkg --compare-versions "$version" lt "$MIN_MESA"; then
      return 1
    fi
  fi
  return 0
}

has_chromium() { [ -x "$CHROMIUM" ]; }

codename() { (. "$OS_RELEASE" 2>/dev/null && echo "${VERSION_CODENAME:-}") || true; }

# Why this machine cannot install packages by itself, or nothing when it can.
cannot_install() {
  if ! (. "$OS_RELEASE" 2>/dev/null && [ "${ID:-}" = debian ]); then
    echo "this is not Debian"
  elif ! command -v apt-get >/dev/null; then
    echo "apt-get is not available"
  elif [ "$(id -u)" != 0 ]; then
    echo "not running as root"
  elif [ "$(codename)" = bookworm ] && ! [ -f "$BACKPORTS_SOURCES" ] && ! [ -f "$DEBIAN_SOURCES" ]; then
    echo "$DEBIAN_SOURCES is missing, so bookworm-backports cannot be added"
  fi
}

# The commands that install the missing packages, one per line.
install_commands() {
  local lavapipe="$1" chromium="$2" target=()
  if [ "$lavapipe" = missing ] && [ "$(codename)" = bookworm ]; then
    if ! [ -f "$BACKPORTS_SOURCES" ]; then
      # The backports suite is the first stanza of the machine's own sources.
      echo "sed -n '1,/^\$/p' $DEBIAN_SOURCES | sed 's/^Suites:.*/Suites: bookworm-backports/' >$BACKPORTS_SOURCES"
    fi
    target=(-t bookworm-backports)
  fi
  echo "apt-get update -q"
  if [ "$lavapipe" = missing ]; then
    echo "apt-get install -y -q ${target[*]:+${target[*]} }mesa-vulkan-drivers libvulkan1"
  fi
  if [ "$chromium" = missing ]; then
    echo "apt-get install -y -q chromium"
  fi
}

# Messages for the tests; only this run's findings count.
unset X_TEST_ENV_WEBGPU X_TEST_ENV_BROWSER
lavapipe=present
chromium=present
reason=""
has_lavapipe || lavapipe=missing
has_chromium || chromium=missing

if [ "$lavapipe" = missing ] || [ "$chromium" = missing ]; then
  commands="$(install_commands "$lavapipe" "$chromium")"
  reason="$(cannot_install)"
  if [ -z "$reason" ] && [ "$dry_run" = 0 ]; then
    say "installing what the WebGPU and browser tests need (lavapipe: $lavapipe, chromium: $chromium)"
    export DEBIAN_FRONTEND=noninteractive
    # Wait for another apt rather than fail on its lock.
    while IFS= read -r command; do
      say "+ $command"
      if ! bash -c "${command/apt-get /apt-get -o DPkg::Lock::Timeout=600 }"; then
        say "failed: $command"
        break
      fi
    done <<<"$commands"
    has_lavapipe && lavapipe=present
    has_chromium && chromium=present
  else
    [ -n "$reason" ] || reason="dry run"
    say "cannot install the test prerequisites ($reason); as root on Debian, run:"
    while IFS= read -r command; do say "    $command"; done <<<"$commands"
  fi
fi

how_to_fix="not installed here${reason:+ ($reason)}; run scripts/setup-test-env.sh as root on Debian, or see it for the packages"
if [ "$lavapipe" = missing ]; then
  export X_TEST_ENV_WEBGPU="Mesa's lavapipe $MIN_MESA.x or later is missing: $how_to_fix"
  say "WebGPU tests will skip unless a GPU driver is found: $X_TEST_ENV_WEBGPU"
fi
if [ "$chromium" = missing ]; then
  export X_TEST_ENV_BROWSER="$CHROMIUM is missing: $how_to_fix"
  say "the browser test will skip: $X_TEST_ENV_BROWSER"
fi

# Chromium and Dawn's Vulkan loader want a private runtime directory.
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
  export XDG_RUNTIME_DIR="${TMPDIR:-/tmp}/x-runtime-$(id -u)"
  mkdir -p "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
fi

if [ "$#" -gt 0 ]; then exec "$@"; fi
