#!/usr/bin/env bash
# Installs (Debian, as root) or names (elsewhere) the system parts the app needs.
#   scripts/system-deps.sh        what `make run` needs:
#     chromium        static image export (PNG/SVG/PDF/PPTX) through Kaleido, and the browser tests
#     fonts-noto-cjk  Chinese in every chart, slide and PDF (otherwise: boxes)
#     pango           the A4 PDF report (WeasyPrint)
#   scripts/system-deps.sh dev    also what `make test` needs:
#     poppler-utils   the export tests read PDFs back (pdffonts, pdftoppm)
#     postgresql      the store's tests start a throwaway PostgreSQL server of their own
#     libreoffice     the document tests render DOCX/PPTX to PDF to look at them (no GUI)
set -u
missing=()
chromium_bin=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium_bin" ] || missing+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0" || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ "${1:-}" = dev ]; then
  command -v pdffonts >/dev/null || missing+=(poppler-utils)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui libreoffice-impress-nogui)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "安装系统组件：${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" fontconfig >/dev/null \
    || { echo "系统组件安装失败：${missing[*]}" >&2; exit 1; }
  exit 0
fi
cat >&2 <<MSG
缺少系统组件：${missing[*]}
  chromium        —— 导出图片/PPT/PDF（Kaleido）和浏览器测试需要
  fonts-noto-cjk  —— 图表、幻灯片、PDF 中的中文字体，缺少会显示成方框
  libpango        —— 导出 A4 PDF 报告（WeasyPrint）需要
  poppler-utils、postgresql、libreoffice —— 只有运行测试（make test）需要
Debian/Ubuntu 上请以 root 运行：apt-get install ${missing[*]}
看板本身（浏览数据）不需要这些组件也能运行。
Missing system packages (see above); the dashboard runs without them, exports and tests need them.
MSG
exit 0
