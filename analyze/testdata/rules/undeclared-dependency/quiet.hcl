# Every observed call is declared; a call to a service the model lacks is
# undeclared-service's, not this rule's.
service "checkout" {
  depends_on "orders" {}
}

service "orders" {}
