#pragma once
// What the stage does when a partition's consume position is no longer in the
// log (offset out of range): usually retention deleted records the group had
// not consumed yet. PlanOffsetReset() decides, from the position and the
// partition's watermarks, where consumption resumes and which offsets that
// skips; KafkaGroupSource applies the plan, counts the skipped offsets in
// wiretag_records_skipped_total, logs their range at error level and reports
// the skip (GroupSourceListener::Skipped), so that the run loop's next commit
// moves past it and a restart does not meet it again.
//
// Pure functions of their arguments; no Kafka, no threads.

#include <cstdint>
#include <optional>
#include <string>

namespace wiretag {

// The on_offset_reset configuration key.
//   fail:     stop the stage (exit 1) and leave the position for an operator.
//   earliest: resume at the oldest record still in the log; skips only what is
//             already deleted.
//   latest:   resume at the end of the log; skips everything not yet consumed.
enum class OffsetResetPolicy { kFail, kEarliest, kLatest };

// "fail" | "earliest" | "latest"; nullopt for anything else.
std::optional<OffsetResetPolicy> ParseOffsetResetPolicy(const std::string& text);
const char* OffsetResetPolicyName(OffsetResetPolicy policy);

// Where a group with no committed offset starts, from librdkafka's
// auto.offset.reset value (kafka.consumer): kEarliest for earliest, smallest,
// beginning; kLatest for latest, largest, end; nullopt for anything else.
// The stage itself sets librdkafka's auto.offset.reset to error, so that no
// reset goes unnoticed, and applies this start for new groups.
std::optional<OffsetResetPolicy> NewGroupStart(const std::string& auto_offset_reset);

struct OffsetResetPlan {
  bool fail = false;       // policy fail: the stage stops, nothing is skipped
  int64_t resume_at = -1;  // the offset consumption continues from (when !fail)
  // The offsets [skipped_from, skipped_to) that will never be consumed: those
  // retention deleted, plus (latest) those still in the log that are passed over.
  int64_t skipped_from = 0, skipped_to = 0;
  // Offsets deleted before they were consumed, [position, low) — reported even
  // under fail.
  int64_t deleted_from = 0, deleted_to = 0;

  int64_t skipped() const { return skipped_to - skipped_from; }
  int64_t deleted() const { return deleted_to - deleted_from; }
};

// `position`: the offset the consumer asked for (>= 0); `low`, `high`: the
// partition's watermarks (first offset in the log, one past the last).
// A position past the end (the log was truncated or recreated) resumes at the
// end and skips nothing; a position inside the log (retention raced the
// query) resumes there.
OffsetResetPlan PlanOffsetReset(OffsetResetPolicy policy, int64_t position, int64_t low, int64_t high);

}  // namespace wiretag
