#!/usr/bin/env bash
# Writes docs/configuration.md from reference.conf (every key, its default and its comment).
# ConfigDocsTest fails when the page in the repository differs from what this writes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
classpath_file="$(ig_build compile)"
cd "$IG_ROOT"
"$IG_JAVA" -cp "$IG_CLASSES:$(cat "$classpath_file")" io.igaudit.config.ConfigDocs docs/configuration.md
echo "wrote docs/configuration.md"
