# Every declared dependency was called.
service "checkout" {
  depends_on "orders" {}
}

service "orders" {}
