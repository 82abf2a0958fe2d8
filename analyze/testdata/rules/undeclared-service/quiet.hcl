# Every service seen is declared.
service "checkout" {
  depends_on "orders" {}
}

service "orders" {}
