#pragma once
// wiretag's process exit statuses: the one table, printed at the foot of every
// --help and in docs/reference/exit-codes.md (the operator CLI test compares
// them). Supervisors key on it:
// systemd's RestartPreventExitStatus=2 and the replay Job's podFailurePolicy
// stop retrying on 2, because only a human can fix what 2 reports.

namespace wiretag::cli {

enum ExitCode : int {
  kExitSuccess = 0,
  kExitFailure = 1,  // could not finish; running it again may succeed
  kExitUsage = 2,    // bad arguments, configuration or input; running it again will not help
};

inline constexpr const char* kExitCodeTable =
    "Exit status:\n"
    "  0  success (run: stopped by SIGTERM/SIGINT after draining)\n"
    "  1  failure that a retry may cure: fatal Kafka error, taggers' data unreadable,\n"
    "     replay interrupted or unable to finish\n"
    "  2  bad arguments, configuration or input, which a retry will not cure: unknown\n"
    "     flag or value, bad config key or kafka.* property, replay range reversed or\n"
    "     naming a missing partition, checkpoint of another replay; tag: a story failed;\n"
    "     eval: an input file unreadable or malformed\n"
    "  128+N  killed by signal N (a second SIGTERM/SIGINT exits at once, without draining)\n";

}  // namespace wiretag::cli
