#!/usr/bin/env bash
# Opens a gleaner audit page in headless Chromium and checks what renders:
# the summary's document count and at least one highlighted removal (the
# first embedded document is shown on load). Writes a screenshot.
#
#   scripts/audit_browser_test.sh PAGE.html DOCUMENTS SCREENSHOT.png
set -euo pipefail
page=$(realpath "$1")
documents=$2
shot=$3
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "audit browser test: no chromium on PATH" >&2
    exit 1
fi
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars)
dom=$(timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$page" 2>/dev/null)
if ! grep -q "data-total=\"documents\">$documents<" <<<"$dom"; then
    echo "audit browser test: the summary did not render $documents documents" >&2
    exit 1
fi
marks=$(grep -o '<mark class="removal"' <<<"$dom" | wc -l)
if [ "$marks" -eq 0 ]; then
    echo "audit browser test: no highlighted removal rendered" >&2
    exit 1
fi
mkdir -p "$(dirname "$shot")"
timeout 120 "$browser" "${flags[@]}" --window-size=1400,1000 --screenshot="$shot" "file://$page" 2>/dev/null
test -s "$shot"
echo "audit page renders in Chromium: $documents documents in the summary, $marks highlighted removals in the document shown; screenshot in $shot"
