#!/usr/bin/env bash
# Install everything the test suite needs, then run all of it: ruff, mypy (strict), pytest.
# Works on a fresh Debian machine with Python 3.11+ and pip, run as root (or with sudo for apt).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  fi
}

# Headless Chromium for the browser tests, Java for the Nu HTML validator.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} with apt..."
  apt_install "${missing[@]}"
fi

python3 -m pip install -q -e '.[test]'

echo "ruff..."
python3 -m ruff check plnpress tests bench
python3 -m ruff format --check plnpress tests bench
echo "mypy..."
python3 -m mypy  # --strict over plnpress/ and tests/ (pyproject.toml)
echo "pytest..."
python3 -m pytest -n 2 "$@"
