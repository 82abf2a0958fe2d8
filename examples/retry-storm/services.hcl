# A small shop whose retries are set, layer by layer, the way each team's
# defaults set them: the mobile app retries the gateway, the gateway (as an
# Envoy-style front door does) retries the API once, and the API tier
# retries the orders service, which is backed by its database. Each layer
# is reasonable alone; together one tap can become 2 x 2 x 3 = 12 calls to
# orders. blast analyze reports it (retry-amplification), and
# scenario.hcl replays what it does when the database fails over.

service "mobile-app" {
  title = "Mobile app"
  load  = "240/s" # taps that need an order read, from every phone at once

  depends_on "gateway" {
    timeout = "5s"
    retry {
      attempts = 2    # the SDK's default: one retry ...
      backoff  = "1s" # ... after a second,
      jitter   = true # randomised so that phones do not retry in step
    }
  }
}

service "gateway" {
  title = "API gateway"
  role  = "network"

  depends_on "api" {
    timeout = "2s"
    retry {
      attempts = 2 # one retry on a 5xx or a timeout
    }
  }
}

service "api" {
  title       = "API tier"
  criticality = "high"

  depends_on "orders" {
    # 3 tries of 500ms with 100ms and 200ms between them: 1.8s, inside the
    # gateway's 2s, so the gateway sees the failure and retries it.
    timeout = "500ms"
    retry {
      attempts = 3
      backoff  = "100ms"
    }
  }

  depends_on "catalog" {
    impact  = "degraded" # product pages without live stock
    timeout = "200ms"
  }
}

service "orders" {
  title       = "Orders service"
  criticality = "critical"

  fleet {
    servers = 12
  }
  capacity {
    per_server = "100/s" # an order read is a database round trip or two
  }

  depends_on "orders-db" {}
}

service "orders-db" {
  title       = "Orders database"
  role        = "storage"
  criticality = "critical"
}

service "catalog" {
  title = "Catalog cache"
}
