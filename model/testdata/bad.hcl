locals {
  a = local.b + 1
  b = local.a * 2
  c = local.missng
}

service "api" {
  role        = "frontend"
  criticalty  = "high"
  monitors    = ["stor"]

  fleet {
    servers = 10.5
    cells   = -2
    rto     = "soon"
  }

  resource "threads" {
    per_server = M * 2
    limit      = 100
  }

  depends_on "stroe" {}
  depends_on "api" {}
  depends_on "store" {}
  depends_on "store" {
    buffer {
      capacity = "12 parsecs"
    }
  }
  dependson "x" {}
}

service "store" {
  resource "disk" {
    per_server = 1
    limit      = 10
  }
}

service "store" {}

service "bad id!" {}

policy {
  fail_on = "fatal"
  ignore "single-point-of-failur" {
    reason = ""
  }
}

policy {}
