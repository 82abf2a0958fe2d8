# DWFM's congestive collapse, replayed: DynamoDB's outage (11:48 PM to
# 2:25 AM PDT) takes away what DWFM needs to do lease work, so for 2h37m
# it completes none. Lease work keeps arriving, times out after a minute
# and is queued again, three tries each: 1,200 operations per second pile
# up for 2h37m. Once DynamoDB is back DWFM works at full speed (1,000 per
# second), first in first out, through work whose deadline passed long
# ago, while 1,200 per second keep arriving: every lease it establishes is
# too late, and it makes no forward progress (metastable). The summary:
# still collapsed at 4:14 AM, 1h49m after DynamoDB's recovery, when
# engineers began throttling work and restarting DWFM hosts; leases were
# all back at 5:28 AM. Figures that are not times are assumptions (see
# ec2-dwfm and droplet-leases in services.hcl).
#
#   blast simulate examples/dynamodb-2025 --scenario dwfm-lease-collapse
#   blast simulate examples/dynamodb-2025 --scenario dwfm-lease-collapse --plot collapse.png
#
# What-ifs: the nearest single changes the language can express to what
# operators did.
#
#   a bounded queue, for restarting DWFM's hosts to clear their queues,
#   done once and for all: at most 100 waiting lease operations per host
#   (10 seconds of work), so a full queue refuses work at once instead of
#   doing it after its deadline; recovered at 2:28, three minutes after
#   DynamoDB is back
#     --set capacity.queue=100
#   one try, for throttling the re-queued work to nothing: no storm (400
#   operations per second for 1,000), but DWFM still works through the
#   lease work the outage queued, 3.8 million operations at the 600 per
#   second it has to spare: recovered at 4:11
#     --set droplet-leases.depends_on.ec2-dwfm.retry.attempts=1
#   a shorter trigger: a one-minute DynamoDB outage times out little lease
#   work and starts nothing lasting; recovered at 11:49 PM
#     --set disturbance.0.for=1m
#
# Where it tips, by tries: from 2 it stays down to the end. At 2 it is
# not a storm (800 operations per second for 1,000), but the outage's
# backlog drains at only 200 per second, for about ten hours: wasted work
# on an unbounded queue outlasts the trigger even without one.
#
#   blast simulate examples/dynamodb-2025 --scenario dwfm-lease-collapse --sweep droplet-leases.depends_on.ec2-dwfm.retry.attempts=1:4:1

scenario "dwfm-lease-collapse" {
  service      = "ec2-dwfm"
  start        = "2025-10-19T23:38:00-07:00" # ten minutes before the record emptied
  duration     = "5h50m"                     # to 5:28 AM, when leases were in fact all back
  sample_every = "1m"

  # Metastable if DWFM is still overloaded when, in fact, engineers stepped
  # in: 4:14 AM, 1h49m after DynamoDB was back.
  metastable_after = "1h49m"

  disturbance {
    at       = "10m"   # 11:48 PM: the empty record, DynamoDB unreachable
    for      = "2h37m" # to 2:25 AM: the record restored, DynamoDB's API recovers
    capacity = 0       # DWFM's lease work needs DynamoDB's state: none completes
  }
}
