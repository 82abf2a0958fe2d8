# The language's hard dependency (issue #10's regression): b's edge back to
# a is declared none, but its buffer blocks when full; c's only alternative
# in group "solo" is d, and a group of one is no group. Both pairs need
# each other. f's back edge to e is degraded: no cycle.
service "a" {
  depends_on "b" {} # want warning "^a and b need each other with impact outage: after a full outage none of them can cold-start first$" path "a -> b -> a"
}

service "b" {
  depends_on "a" {
    impact = "none"
    buffer {
      fills_in = "1h"
      on_full  = "block"
    }
  }
}

service "c" {
  depends_on "d" { group = "solo" } # want warning "^c and d need each other" path "c -> d -> c"
}

service "d" {
  depends_on "c" {}
}

service "e" {
  depends_on "f" {}
}

service "f" {
  depends_on "e" { impact = "degraded" }
}
