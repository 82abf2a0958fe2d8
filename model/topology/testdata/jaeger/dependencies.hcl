# "cart service" in the source
service "cart-service" {
}

service "frontend" {
  depends_on "cart-service" {
    note = "jaeger testdata/jaeger/dependencies.json: 310 calls"
  }

  depends_on "orders" {
    note = "jaeger testdata/jaeger/dependencies.json: 1210 calls"
  }
}

service "orders" {
  depends_on "payments" {
    note = "jaeger testdata/jaeger/dependencies.json: 96 calls"
  }

  depends_on "postgres" {
    note = "jaeger testdata/jaeger/dependencies.json: 5120 calls"
  }
}

service "payments" {
  depends_on "postgres" {
    note = "jaeger testdata/jaeger/dependencies.json: 80 calls"
  }
}

service "postgres" {
}
