#!/usr/bin/env bash
# The layering rule of pipeline/ written down (issue 18): no #include runs
# against the data flow
#   taggers <- formats <- metrics <- stage <- config <- kafka adapters (kafka, source, sink) <- app <- cli
# Every include of "pipeline/DIR/..." from another folder of pipeline/ must be
# one of the edges allowed below; anything else fails with its file and line.
# Only pipeline/ is checked: tests and benchmarks may include any layer.
# Usage: bash tests/scripts/include_layering_test.sh [<path-to-wiretag> [<repository root>]]
# (the binary is ignored; the root defaults to this repository).
set -euo pipefail
root=${2:-"$(dirname "$0")/../.."}
cd "$root"

# "FROM TO": FROM may include TO. One line of why each.
allowed_edges=(
  "formats taggers"   # a record is parsed, tagged and written: formats drive the tagger
  "eval taggers"      # the evaluations score the taggers' output
  "eval formats"      # the Reuters corpus is SGML/HTML, read with the formats' html_text
  "metrics taggers"   # counters are labelled by what the taggers classify (entity types)
  "metrics formats"   # ... and by the error vocabulary and output version of formats
  "stage taggers"     # the stage holds the shared tagger (tagger_handle.h)
  "stage formats"     # a worker runs the record processor; Outcome carries a ProcessError
  "stage metrics"     # the stage reports what it does to the metrics
  "config taggers"    # the loader reuses the core's file, environment and case helpers
  "config stage"      # the loader checks stage policies (on_offset_reset) by their names
  "config formats"    # max_message_bytes defaults to the one message size limit (formats/message_size.h)
  "kafka config"      # client configurations are built from Config
  "kafka stage"       # Kafka headers become the stage's RecordHeaders
  "source kafka"      # the source adapters are Kafka clients built by the shared plumbing
  "source config"     # ... configured from Config
  "source stage"      # ... implementing the stage's source ports with its record types
  "source metrics"    # ... and reporting consumer-side metrics
  "source formats"    # a file source reads stories the way formats define them
  "source taggers"    # ... with the core's helpers (case folding, file reading)
  "sink kafka"        # the sink adapters are Kafka producers built by the shared plumbing
  "sink config"       # ... configured from Config
  "sink stage"        # ... implementing the stage's sink ports (RecordSink, ReplaySink)
  "sink metrics"      # ... and reporting producer-side metrics
  "sink formats"      # a dead letter names its ErrorClass, a record carries OutputVersion
  "app kafka"         # the drivers assemble adapters, stage and config: everything below cli
  "app source"
  "app sink"
  "app stage"
  "app config"
  "app metrics"
  "app formats"
  "app taggers"
  "cli app"           # the binary parses the command line and calls the drivers
  "cli kafka"         # dev-broker runs the development cluster
  "cli source"
  "cli sink"
  "cli stage"
  "cli config"
  "cli metrics"
  "cli formats"
  "cli taggers"
  "cli eval"
)

# "FROM FILE": an include that an allowed edge would let through but that
# pulls in more than the layer needs. One line of why each.
forbidden_files=(
  "metrics pipeline/formats/record_processor.h"  # metrics need the error vocabulary (error_class.h), not the processor
  "config pipeline/taggers/story_tagger.h"       # configuration does not depend on the tagging engine
  "source pipeline/stage/worker_stage.h"         # a source adapter implements a port; the run loop drives the workers
  "sink pipeline/formats/record_processor.h"     # a sink writes records and their error class; it does not process them
)

declare -A ok
for edge in "${allowed_edges[@]}"; do ok["$edge"]=1; done
declare -A bad
for pair in "${forbidden_files[@]}"; do bad["$pair"]=1; done

failures=0
while IFS= read -r hit; do
  file=${hit%%:*}
  rest=${hit#*:}
  line=${rest%%:*}
  text=${rest#*:}
  from=$(echo "$file" | cut -d/ -f2)
  to=$(echo "$text" | sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"pipeline\/([a-z_]+)\/.*/\1/')
  [[ "$from" == "$to" ]] && continue
  included=$(echo "$text" | sed -E 's/^[^"]*"([^"]+)".*/\1/')
  if [[ -n "${bad["$from $included"]:-}" ]]; then
    echo "layering: $file:$line: $from must not include $included (see forbidden_files in $0)" >&2
    failures=$((failures + 1))
    continue
  fi
  if [[ -z "${ok["$from $to"]:-}" ]]; then
    echo "layering: $file:$line: $from -> $to is not an allowed edge: $text" >&2
    failures=$((failures + 1))
  fi
done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"pipeline/[a-z_]+/' pipeline --include='*.h' --include='*.cc' | sort)

if [[ $failures -gt 0 ]]; then
  echo "layering: $failures include(s) against the data flow (see the allowed edges in $0)" >&2
  exit 1
fi
echo "layering: every include of pipeline/ follows the data flow"
