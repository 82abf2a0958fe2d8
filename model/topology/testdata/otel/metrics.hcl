service "email" {
}

service "frontend" {
  depends_on "orders" {
    note = "otel testdata/otel/metrics.txt: 1204 calls"
  }
}

service "orders" {
  depends_on "email" {
    impact = "none"
    note   = "otel testdata/otel/metrics.txt: 41 calls; through a messaging system: asynchronous, so impact none"
  }

  depends_on "postgres" {
    note = "otel testdata/otel/metrics.txt: 5120 calls"
  }

  depends_on "stripe.com" {
    note = "otel testdata/otel/metrics.txt: 96 calls"
  }
}

service "postgres" {
  role = "storage"
}

# A virtual node in the service graph: seen in traces, not instrumented itself.
service "stripe.com" {
}

# A virtual node in the service graph: seen in traces, not instrumented itself.
service "user" {
  depends_on "frontend" {
    note = "otel testdata/otel/metrics.txt: 900 calls"
  }
}
