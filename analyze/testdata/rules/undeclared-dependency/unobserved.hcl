# Without observations, the drift rules have nothing to say.
service "checkout" {
  depends_on "orders" {}
}

service "orders" {}
