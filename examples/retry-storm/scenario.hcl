# The orders database fails over: for a minute orders completes a tenth
# of its calls. 240 taps per second need 240 calls per second of the 1,200
# orders can answer, but while it is slow every layer times out and
# retries, and orders' queue fills with calls whose callers have already
# given up. Its capacity back, it works through them while 12 tries per tap
# keep arriving: 2,880 calls per second for 1,200. It never recovers.
#
#   blast simulate examples/retry-storm --scenario retry-storm
#   blast simulate examples/retry-storm --scenario retry-storm --plot storm.png
#
# What-ifs: each single change lets it recover.
#
#   fewer attempts: the API tier tries once (2 x 2 x 1 = 4 tries per tap,
#   960 calls per second for 1,200)
#     --set api.depends_on.orders.retry.attempts=1
#   a retry budget: the API tier retries at most 10% of its calls
#     --set api.depends_on.orders.retry.budget=0.1
#   a bounded queue: at most 20 waiting calls per server, so a call waits
#   at most 0.2s and a full queue refuses calls at once instead of
#   answering them after their callers gave up
#     --set capacity.queue=20
#   more capacity: enough for the storm, not the load: 40 servers instead
#   of 12 (4,000 calls per second for 2,880)
#     --set fleet.servers=40
#
# Where it tips, by load or by attempts:
#
#   blast simulate examples/retry-storm --scenario retry-storm --sweep mobile-app.load=50:300:50
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
