# Checkout pays through its primary processor or, never drilled, a
# fallback: it relies on the fallback alone whenever the primary is out
# (as when the vault the primary needs fails). The order service's buffer
# for the ledger blocks when full and was never exercised; the mailer's
# buffer drops what overflows, so the mailer only stays degraded.
service "checkout" {
  criticality = "critical"
  depends_on "primary" { group = "pay" }
  depends_on "fallback" { # want warning "^checkout relies on fallback alone when primary is out \(as when vault fails\), and fallback has never been exercised \(tested = false\): drill it before you need it$" path "checkout -> fallback"
    tested = false
    group  = "pay"
  }
}

service "primary" {
  depends_on "vault" {}
}

service "fallback" {}
service "vault" {}

service "orders" {
  depends_on "ledger" {
    impact = "none"
    buffer { # want warning "^orders's buffer for ledger has never been exercised under a sustained outage \(tested = false\): after 1h46m of a ledger outage it is full and orders blocks: an outage$" path "orders -> ledger"
      fills_in = "106m"
      on_full  = "block"
    }
  }
}

service "ledger" {}

service "mailer" {
  depends_on "smtp" {
    impact = "degraded"
    buffer { # want info "it drops what overflows and mailer stays degraded$"
      on_full  = "drop"
      fills_in = "1h"
    }
  }
}

service "smtp" {}
