# The orders database fails over: for a minute, orders completes one call
# in twenty. 240 taps per second need 240 calls per second of the 1,200
# orders can answer, but while it is slow every layer times out and
# retries, and orders' queue fills with calls whose callers have already
# given up. With its capacity back it works through them, first in first
# out, while 12 tries per tap keep arriving: 2,880 calls per second for
# 1,200. Every answer comes too late; it never recovers (metastable).
#
#   blast simulate examples/retry-storm --scenario retry-storm
#   blast simulate examples/retry-storm --scenario retry-storm --plot storm.png
#
# What-ifs: each single change lets it recover.
#
#   fewer attempts: the API tier tries once (2 x 2 x 1 = 4 tries per tap,
#   960 calls per second for 1,200); recovered at 14:14
#     --set api.depends_on.orders.retry.attempts=1
#   a retry budget: the API tier retries at most 10% of its calls (at most
#   1,056 calls per second); recovered at 14:17
#     --set api.depends_on.orders.retry.budget=0.1
#   a bounded queue: at most 20 waiting calls per server, so that with its
#   capacity back a call waits at most 0.2s, and a full queue refuses calls
#   at once instead of answering them after their callers gave up;
#   recovered at 14:11
#     --set capacity.queue=20
#   more capacity: enough for the storm, not the load: 40 servers (4,000
#   calls per second for 2,880) recover by 14:13; 24 (2,400) stay down
#     --set fleet.servers=40
#
# Where it tips: by load at 1,200 / 12 = 100 taps per second, by attempts
# at 2 (8 tries per tap, 1,920 calls per second for 1,200):
#
#   blast simulate examples/retry-storm --scenario retry-storm --sweep mobile-app.load=50:150:25
#   blast simulate examples/retry-storm --scenario retry-storm --sweep api.depends_on.orders.retry.attempts=1:4:1

scenario "retry-storm" {
  service      = "orders"
  start        = "2024-11-12T14:00:00Z"
  duration     = "1h"
  sample_every = "15s"

  disturbance {
    at       = "10m"
    for      = "1m"
    capacity = 0.05 # the database fails over: one call in twenty completes
  }
}
