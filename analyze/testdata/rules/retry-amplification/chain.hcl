# A client, a front door and an API tier each retry: one request at web
# becomes 3 x 4 = 12 calls at orders, over the default limit of 10. api
# receives only 3 per request and db is reached without retries above
# what orders gets (12 x 1), so its worst chain ends at the same product.
# The finding points at the nearest retry to the service that takes the
# calls. web gives up on api after 2s, while api's four tries of orders
# can take 4 x 1s plus backoffs of 0.5, 1 and 2s.
service "web" {
  load = "700/s"
  depends_on "api" {
    timeout = "2s"
    retry {
      attempts = 3
    }
  }
}

service "api" {
  depends_on "orders" {
    timeout = "1s"
    retry { # want warning "^orders receives up to 12 calls for each call web makes: 3 tries of api and 4 tries of orders multiply, more than max_retry_amplification \(10\); web gives up on api after 2s, before api's 4 tries of orders \(up to 7.5s\) are done$" path "web -> api -> orders" "^db receives up to 12 calls" path "web -> api -> orders -> db"
      attempts = 4
      backoff  = "500ms"
    }
  }
}

service "orders" {
  depends_on "db" {}
}

service "db" {
  role = "storage"
}
