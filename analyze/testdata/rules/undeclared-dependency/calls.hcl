# Traces show orders calling payments 96 times, and checkout calling orders;
# only the second is declared.
service "checkout" {
  depends_on "orders" {}
}

service "orders" { # want warning "^orders calls payments \(96 calls observed\), but the model declares no such dependency$" path "orders -> payments"
}

service "payments" {}
