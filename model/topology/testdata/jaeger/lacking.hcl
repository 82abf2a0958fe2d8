# "cart service" in the source
service "cart-service" {
}

extend "frontend" {
  depends_on "cart-service" {
    note = "jaeger testdata/jaeger/dependencies.json: 310 calls"
  }
}

extend "orders" {
  depends_on "payments" {
    note = "jaeger testdata/jaeger/dependencies.json: 96 calls"
  }
}

service "payments" {
  depends_on "postgres" {
    note = "jaeger testdata/jaeger/dependencies.json: 80 calls"
  }
}
