#!/usr/bin/env bash
# System packages the workbook needs beyond Python: a Chinese font so matplotlib draws
# 中文 labels instead of empty boxes. Installs with apt-get when missing (root or sudo),
# then makes matplotlib forget its font cache so it sees the new font.
set -euo pipefail
python=${1:-python3}
font=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc

if [ ! -f "$font" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "casekit setup: no Chinese font and no apt-get here; install the WenQuanYi Micro Hei font (fonts-wqy-microhei) by hand" >&2
    exit 2
  fi
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "casekit setup: need root (or sudo) to apt-get install fonts-wqy-microhei" >&2
      exit 2
    fi
  fi
  echo "casekit setup: installing the Chinese font fonts-wqy-microhei"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends fonts-wqy-microhei >/dev/null
  # matplotlib caches the fonts it found; drop the cache so the new font is seen.
  cache=$("$python" -c 'import matplotlib; print(matplotlib.get_cachedir())' 2>/dev/null || true)
  [ -n "$cache" ] && rm -f "$cache"/fontlist-*.json
fi
