# Replay of the AWS Kinesis front-end outage of 2020-11-25 (US-EAST-1), from
# AWS's post-event summary. Run: blast simulate examples/kinesis-2020 --scenario capacity-addition-2020-11-25
# The fleet (4300 servers, threads = 1000 + 7 * (N - 1), limit 32768, so
# max_servers = 4539) is declared on service "kinesis-frontend".

scenario "capacity-addition-2020-11-25" {
  service  = "kinesis-frontend"
  start    = "2020-11-25T02:44:00-08:00" # 2:44 AM PST: the capacity addition begins
  duration = "24h"                       # Kinesis was fully recovered at 10:23 PM, ~19h40m later
  seed     = 1

  # Existing servers take "up to an hour" to learn of new participants.
  discovery = "60m"

  # Shard-map failure is silent: servers keep routing from their last good map
  # for a while. Thread limits were exceeded from ~3:47 and the first alarm
  # fired at 5:15, a ~90-minute latent window.
  cache_ttl     = "90m"
  cache_refresh = "5m" # assumption: not in the summary

  # "A relatively small addition of capacity", 2:44 AM to 3:47 AM (63 minutes).
  # The summary gives no server count; 500 on 4300 (~12%) takes every server
  # past max_servers = 4539 once discovery completes.
  add_capacity {
    at      = "0s"
    servers = 500
    over    = "63m"
  }

  # 5:15 AM: the first alarms fired for Kinesis read/write errors.
  alarm {
    on        = "errors"
    threshold = 0.05
  }

  recovery {
    at           = "5h7m"  # 7:51 AM: decision to restart the whole front-end fleet
    rollback     = true    # the added capacity was removed first, as a precaution
    restart_rate = 350     # "a few hundred servers per hour" could safely rejoin
    bootstrap    = "peers" # the store bootstrap (from DynamoDB) was added during recovery
    # cold_start defaults to fleet.cold_start = 2h: the first servers returned
    # at 10:07 AM, ~2h16m after the restart decision.
  }
}
