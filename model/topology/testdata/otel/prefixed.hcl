service "cart" {
}

service "checkout" {
  depends_on "cart" {
    note = "otel testdata/otel/prefixed.txt: 17 calls"
  }

  depends_on "payments" {
    note = "otel testdata/otel/prefixed.txt: 3 calls"
  }
}

service "payments" {
}
