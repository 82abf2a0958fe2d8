# Not latent: a buffer that drops, an edge already declared outage, and a
# soft edge without a buffer.
service "a" {
  depends_on "b" {
    impact = "degraded"
    buffer {
      fills_in = "1h"
      on_full  = "drop"
    }
  }
  depends_on "c" {
    buffer {
      fills_in = "1h"
      on_full  = "block"
    }
  }
  depends_on "d" { impact = "degraded" }
}

service "b" {}
service "c" {}
service "d" {}
