# Traces show a fraud-check service that orders and payments both call, and
# a "cart service" (its ID cart-service) that the model lacks too.
service "checkout" { # want warning "^cart-service is seen in the observations \(310 calls, with checkout\) but the model does not declare it$"
  depends_on "orders" {}
}

service "orders" { # want warning "^fraud-check is seen in the observations \(43 calls, with orders and payments\) but the model does not declare it$"
  depends_on "payments" {}
}

service "payments" {}
