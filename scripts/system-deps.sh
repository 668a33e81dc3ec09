#!/usr/bin/env bash
# System packages the workbook needs beyond Python, installed with apt-get when missing (root or
# sudo): a Chinese font so matplotlib draws 中文 labels instead of empty boxes, and Debian's
# Chromium for the browser tests (Playwright drives it; nothing is downloaded by the test tool),
# and JupyterHub's proxy (configurable-http-proxy, from npm) for the JupyterHub test and deploy/.
# After a new font, matplotlib's font cache is dropped so the font is seen.
set -euo pipefail
python=${1:-python3}
font=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc

missing=()
[ -f "$font" ] || missing+=(fonts-wqy-microhei)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
command -v npm >/dev/null 2>&1 || command -v configurable-http-proxy >/dev/null 2>&1 || missing+=(npm)
proxy() {
  command -v configurable-http-proxy >/dev/null 2>&1 && return 0
  echo "casekit setup: installing configurable-http-proxy (npm)"
  $sudo npm install -g --silent configurable-http-proxy >/dev/null
}
sudo=""
[ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
[ ${#missing[@]} -eq 0 ] && { proxy; exit 0; }

if ! command -v apt-get >/dev/null 2>&1; then
  echo "casekit setup: missing ${missing[*]} and no apt-get here; install them by hand (the WenQuanYi Micro Hei font and Chromium)" >&2
  exit 2
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "casekit setup: need root (or sudo) to apt-get install ${missing[*]}" >&2
    exit 2
  fi
fi
echo "casekit setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if [[ " ${missing[*]} " == *" fonts-wqy-microhei "* ]]; then
  # matplotlib caches the fonts it found; drop the cache so the new font is seen.
  cache=$("$python" -c 'import matplotlib; print(matplotlib.get_cachedir())' 2>/dev/null || true)
  [ -n "$cache" ] && rm -f "$cache"/fontlist-*.json
fi
proxy
