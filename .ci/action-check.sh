#!/usr/bin/env bash
# The GitHub Action's check step (action.yml runs this script, and
# cmd/blast/testdata/script/action.txtar runs it as the action does): one
# `blast check` that writes every report at once. The SARIF file goes to
# code scanning; the github format annotates the pull request on standard
# output and appends the Markdown report to the job summary. Invalid input
# is reported in every one of them (a failed invocation in SARIF, an
# ::error annotation per problem) as well as on stderr.
#
# Environment: BLAST_PATHS (space-separated, default "."), BLAST_BASE_REF,
# BLAST_FAIL_ON, BLAST_SARIF (default blast.sarif), BLAST_ANNOTATE
# ("true" or "false"), and what the runner sets: GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY, RUNNER_TEMP.
#
# It writes exit-code=N to $GITHUB_OUTPUT and exits 0 when the check ran
# (0 passed, 1 failed: the action's last step turns that into the verdict,
# after the SARIF upload), or with blast's code when it could not (2
# invalid input or misuse, 70 a bug in blast).
set -uo pipefail

read -r -a paths <<< "${BLAST_PATHS:-.}"
args=(--format sarif --output "${BLAST_SARIF:-blast.sarif}")
if [ -n "${BLAST_BASE_REF:-}" ]; then args+=(--base-ref "$BLAST_BASE_REF"); fi
if [ -n "${BLAST_FAIL_ON:-}" ]; then args+=(--fail-on "$BLAST_FAIL_ON"); fi
summary=""
if [ "${BLAST_ANNOTATE:-true}" = "true" ]; then
  args+=(--format github)
elif [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  # Without annotations, the Markdown report goes to a file first: the
  # summary holds what earlier steps wrote, so it is appended to, never
  # replaced.
  summary="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/blast-summary.md"
  args+=(--format markdown --output "$summary")
fi

blast check "${paths[@]}" "${args[@]}"
code=$?
if [ -n "$summary" ] && [ -f "$summary" ]; then
  cat "$summary" >> "$GITHUB_STEP_SUMMARY"
fi
echo "exit-code=$code" >> "${GITHUB_OUTPUT:-/dev/null}"
if [ "$code" -ge 2 ]; then
  exit "$code"
fi
exit 0
